//! The starter Dockerfiles of the Examples menu. The first is the Node
//! example of the "optimizing Docker images" article: one stage on
//! `node:latest`, the whole context copied before `npm install`.

/// A starter: its menu name, a Dockerfile and a .dockerignore (may be empty).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Example {
    pub name: &'static str,
    pub dockerfile: &'static str,
    pub dockerignore: &'static str,
}

pub const EXAMPLES: &[Example] = &[
    Example {
        name: "Node (the article's example)",
        dockerfile: "FROM node:latest\nWORKDIR /app\nCOPY . .\nRUN npm install\nEXPOSE 3000\nCMD [\"npm\", \"start\"]\n",
        dockerignore: "",
    },
    Example {
        name: "Python",
        dockerfile: "FROM python:3.12\nWORKDIR /app\nRUN apt-get update && apt-get install -y build-essential curl\nCOPY . .\nRUN pip install -r requirements.txt\nEXPOSE 8000\nCMD python -m app\n",
        dockerignore: ".git\n__pycache__/\n*.pyc\n.venv/\n",
    },
    Example {
        name: "Go",
        dockerfile: "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /bin/server ./cmd/server\nEXPOSE 8080\nENTRYPOINT [\"/bin/server\"]\n",
        dockerignore: ".git\nbin/\n",
    },
    Example {
        name: "Java (Maven)",
        dockerfile: "FROM maven:3.9-eclipse-temurin-21\nWORKDIR /app\nCOPY . .\nRUN mvn package\nEXPOSE 8080\nCMD [\"java\", \"-jar\", \"target/app.jar\"]\n",
        dockerignore: "target/\n.git\n",
    },
    Example {
        name: "Static site (nginx)",
        dockerfile: "FROM ubuntu:latest\nRUN apt-get update\nRUN apt-get install -y nginx\nCOPY site/ /var/www/html/\nEXPOSE 80\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n",
        dockerignore: "",
    },
];
