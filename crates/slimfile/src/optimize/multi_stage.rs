//! Technique 4: multi-stage. A single-stage build that compiles or bundles
//! becomes a builder stage (the original stage, named `build`) and a small
//! runtime stage that copies only the result:
//! * a node single-page app (`npm run build`, served by `serve`/`http-server`)
//!   → nginx:alpine serving the build output (the article's last step);
//! * a node server with a build step → the same node image (its `-slim`
//!   variant for a full Debian one) with production dependencies only;
//! * Go → distroless/static with `CGO_ENABLED=0`.

use super::base::{major_minor, variant_tag, version_part};
use super::{join_path, plain_image, Doc, Proposal, State};
use crate::ast::{Args, Keyword};
use crate::fix::Applicability;
use crate::sizedata;

/// Instructions that only matter for the image that runs: they move from
/// the builder to the runtime stage.
fn is_runtime_meta(k: Keyword) -> bool {
    matches!(
        k,
        Keyword::Cmd | Keyword::Entrypoint | Keyword::Expose | Keyword::Healthcheck | Keyword::Stopsignal | Keyword::Volume
    )
}

fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace() || ";&|()".contains(c)).filter(|w| !w.is_empty()).collect()
}

/// The words of a CMD/ENTRYPOINT (exec form, or shell form split on spaces).
fn cmd_words(st: &State, idx: usize) -> Vec<String> {
    match st.inst(idx).map(|i| &i.args) {
        Some(Args::Exec(w)) => w.iter().map(|w| w.value.clone()).collect(),
        Some(Args::Shell(w)) => w.value.split_whitespace().map(str::to_string).collect(),
        _ => Vec::new(),
    }
}

/// A shell-form CMD/ENTRYPOINT as exec form, when it has no shell syntax.
fn exec_form(st: &State, idx: usize) -> Option<String> {
    let inst = st.inst(idx)?;
    match &inst.args {
        Args::Exec(_) => Some(st.df.text(inst.range).trim_end().to_string()),
        Args::Shell(w) => {
            if w.value.contains(['$', '|', '&', ';', '<', '>', '*', '?', '(', ')', '\\', '"', '\'', '`', '~']) {
                return None;
            }
            let parts: Vec<String> = w.value.split_whitespace().map(|p| format!("\"{p}\"")).collect();
            if parts.is_empty() {
                return None;
            }
            Some(format!("{} [{}]", inst.keyword.as_str(), parts.join(", ")))
        }
        _ => None,
    }
}

enum Plan {
    Spa { out_dir: String },
    NodeServer,
    Go { binary: String, set_cgo: bool },
    /// Python: a virtualenv built in the builder, copied to a slim image.
    Python { runtime: String, install: usize },
    /// Java (a jar) or Rust (a binary): a runtime image with a shell.
    Artifact { path: String, runtime: String, what: &'static str },
}

/// The Java version of a JDK/build image tag: `3-eclipse-temurin-21` → 21,
/// `21-jdk` → 21, `jdk21` → 21.
fn java_version(name: &str, tag: &str) -> Option<String> {
    let num = |s: &str| -> Option<String> {
        let d: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
        (!d.is_empty()).then_some(d)
    };
    match name {
        "maven" => tag.split_once("temurin-").and_then(|(_, r)| num(r)),
        "eclipse-temurin" if tag.contains("jdk") => num(tag),
        "gradle" => tag.split_once("jdk").and_then(|(_, r)| num(r)),
        _ => None,
    }
}

/// The jar a `java -jar X` command runs.
fn jar_of(ws: &[String]) -> Option<String> {
    let k = ws.iter().position(|w| w == "-jar")?;
    ws.get(k + 1).filter(|j| j.ends_with(".jar") && !j.contains('$')).cloned()
}

/// The last RUN that builds/bundles node code.
fn node_build_run(st: &State, stage: usize) -> Option<usize> {
    st.body(stage).rev().find(|&i| {
        st.run_command(i).is_some_and(|c| {
            c.contains("npm run build")
                || c.contains("yarn build")
                || c.contains("yarn run build")
                || c.contains("pnpm build")
                || c.contains("pnpm run build")
        })
    })
}

/// Where a static server in the CMD serves from: `serve -s build`,
/// `http-server dist`.
fn served_dir(ws: &[String]) -> Option<Option<String>> {
    let pos = ws.iter().position(|w| {
        let b = w.rsplit('/').next().unwrap_or(w);
        b == "serve" || b == "http-server"
    })?;
    let mut i = pos + 1;
    while i < ws.len() {
        let w = &ws[i];
        if w == "-s" || w == "--single" {
            i += 1;
            continue;
        }
        if w.starts_with('-') {
            // Options with a value.
            if matches!(w.as_str(), "-l" | "--listen" | "-p" | "--port" | "-a" | "-c") {
                i += 2;
            } else {
                i += 1;
            }
            continue;
        }
        return Some(Some(w.clone()));
    }
    Some(None)
}

pub(super) fn propose(st: &State) -> Option<Proposal> {
    if st.sem.stages.len() != 1 {
        return None;
    }
    let stage = 0;
    let img = plain_image(st, stage)?;
    let name = img.familiar_name();
    let tag = img.effective_tag()?.to_string();
    let body = st.body(stage);
    // The words of every CMD/ENTRYPOINT of the stage (what runs).
    let mut run_ws: Vec<String> = Vec::new();
    for j in body.clone().filter(|&j| st.inst(j).is_some_and(|x| matches!(x.keyword, Keyword::Cmd | Keyword::Entrypoint))) {
        run_ws.extend(cmd_words(st, j));
    }
    let mut caveats = Vec::new();
    let final_workdir = st.workdir_before(body.end.saturating_sub(1)).map(|w| {
        // After the last instruction, if it is a WORKDIR itself.
        let last = body.end.saturating_sub(1);
        match st.inst(last).map(|i| (&i.keyword, &i.args)) {
            Some((Keyword::Workdir, Args::Text(t))) => join_path(&w, t.value.trim_matches(['"', '\''])),
            _ => w,
        }
    })?;
    let (plan, anchor) = if name == "node" {
        let b = node_build_run(st, stage)?;
        match served_dir(&run_ws) {
            Some(dir) => {
                let dir = match dir {
                    Some(d) => d,
                    None => {
                        caveats.push("the build output folder is assumed to be build/ (Create React App); Vite and others use dist/".to_string());
                        "build".to_string()
                    }
                };
                let cwd = st.workdir_before(b)?;
                (Plan::Spa { out_dir: join_path(&cwd, &dir) }, b)
            }
            None => {
                // A node server: npm only (npm prune), no variables in ENV.
                let cmds = st.commands_text();
                if !words(&cmds).contains(&"npm") || words(&cmds).iter().any(|w| *w == "yarn" || *w == "pnpm") {
                    return None;
                }
                // The app is copied by its folder: it must have one.
                if final_workdir == "/" {
                    return None;
                }
                (Plan::NodeServer, b)
            }
        }
    } else if name == "golang" {
        let r = body.clone().rev().find(|&i| st.run_command(i).is_some_and(|c| c.contains("go build")))?;
        let c = st.run_command(r)?;
        if c.contains("CGO_ENABLED=1") {
            return None;
        }
        let ws = words(c);
        let at = ws.windows(2).position(|w| w == ["go", "build"])?;
        let mut out = None;
        for (k, w) in ws.iter().enumerate().skip(at + 2) {
            if *w == "-o" {
                out = ws.get(k + 1).map(|s| s.to_string());
                break;
            }
            if let Some(v) = w.strip_prefix("-o=") {
                out = Some(v.to_string());
                break;
            }
        }
        let out = out?;
        if out.contains('$') || out.ends_with('/') {
            return None;
        }
        let cwd = st.workdir_before(r)?;
        let set_cgo = !c.contains("CGO_ENABLED=0")
            && !st.df.instructions.iter().any(|i| i.keyword == Keyword::Env && i.logical.text.contains("CGO_ENABLED"));
        if st.commands_text().contains("gcc") || st.commands_text().contains("musl-dev") || st.commands_text().contains("build-base") {
            caveats.push("the build installs a C toolchain: with CGO_ENABLED=0, cgo packages (sqlite3, ...) will not build".to_string());
        }
        (Plan::Go { binary: join_path(&cwd, &out), set_cgo }, r)
    } else if name == "python" {
        // pip installs (not --user/--target/--prefix) after which a slimmer
        // runtime pays off: a full image, or build tools installed.
        let pip = body.clone().find(|&i| {
            st.run_command(i).is_some_and(|c| {
                let w = words(c);
                w.windows(2).any(|p| matches!(p[0], "pip" | "pip3") && p[1] == "install")
                    && !w.iter().any(|x| matches!(*x, "--user" | "--target" | "-t" | "--prefix" | "--root"))
            })
        })?;
        let cmds = st.commands_text();
        if cmds.contains("venv") || cmds.contains("virtualenv") || cmds.contains("poetry") || cmds.contains("pipenv") || cmds.contains("conda") {
            return None;
        }
        let row = sizedata::base_image(&name, &tag)?;
        let build_tools = ["gcc", "build-essential", "build-base", "-dev ", "-dev\n", "musl-dev"].iter().any(|t| cmds.contains(t));
        let small = tag.contains("slim") || tag.contains("alpine");
        let rt_tag = if small { tag.clone() } else { variant_tag(&version_part(&tag), "slim") };
        let rt_row = sizedata::base_image(&name, &rt_tag)?;
        if major_minor(rt_row.version) != major_minor(row.version) || (small && !build_tools) {
            return None;
        }
        if cmds.contains("apt-get") || cmds.contains("apk ") {
            caveats.push("packages installed with apt/apk in the builder are not in the runtime image: install the runtime libraries (libpq5, ...) there".to_string());
        }
        let base_text = &st.sem.stages[stage].base_text;
        let last_slash = base_text.rfind('/').map_or(0, |i| i + 1);
        let repo = match base_text[last_slash..].rfind(':') { Some(i) => &base_text[..last_slash + i], None => base_text.as_str() };
        if final_workdir == "/" {
            return None;
        }
        (Plan::Python { runtime: format!("{repo}:{rt_tag}"), install: pip }, pip)
    } else if let Some(jv) = java_version(&name, &tag) {
        let r = body.clone().rev().find(|&i| {
            st.run_command(i).is_some_and(|c| {
                let w = words(c);
                let tool = w.iter().any(|x| matches!(*x, "mvn" | "./mvnw" | "mvnw" | "gradle" | "./gradlew" | "gradlew"));
                tool && w.iter().any(|x| matches!(*x, "package" | "install" | "verify" | "build" | "bootJar" | "jar" | "assemble"))
            })
        })?;
        let jar = jar_of(&run_ws)?;
        let alpine = tag.contains("alpine");
        let rt_tag = if alpine { format!("{jv}-jre-alpine") } else { format!("{jv}-jre") };
        sizedata::base_image("eclipse-temurin", &rt_tag)?;
        caveats.push("the runtime is a JRE: tools of the JDK (jcmd, javac) and the build tool are not in it".to_string());
        (Plan::Artifact { path: join_path(&final_workdir, &jar), runtime: format!("eclipse-temurin:{rt_tag}"), what: "jar" }, r)
    } else if name == "rust" {
        let r = body.clone().rev().find(|&i| st.run_command(i).is_some_and(|c| c.contains("cargo build") || c.contains("cargo install")))?;
        let first = run_ws.first()?;
        if first.contains('$') {
            return None;
        }
        let path = if first.starts_with('/') {
            first.clone()
        } else if first.contains("target/") {
            join_path(&final_workdir, first)
        } else if !first.contains('/') && st.run_command(r).is_some_and(|c| c.contains("cargo install")) {
            format!("/usr/local/cargo/bin/{first}")
        } else {
            return None;
        };
        let row = sizedata::base_image(&name, &tag)?;
        let runtime = match row.os {
            sizedata::OsFamily::Alpine => "alpine:3.24".to_string(),
            _ => {
                let t = format!("{}-slim", row.suite?);
                sizedata::base_image("debian", &t)?;
                format!("debian:{t}")
            }
        };
        caveats.push(format!("the runtime is {runtime} (the builder's distribution, for the same C library): install the shared libraries the binary links (libssl, ca-certificates) there"));
        (Plan::Artifact { path, runtime, what: "binary" }, r)
    } else {
        return None;
    };
    // ENV values must not depend on the builder's ARGs; named users must
    // exist in the runtime image.
    let mut runtime_env = Vec::new();
    let mut user = None;
    for i in body.clone() {
        let inst = st.inst(i)?;
        match inst.keyword {
            Keyword::Env => {
                if inst.logical.text.contains('$') {
                    return None;
                }
                runtime_env.push(i);
            }
            Keyword::User => {
                let Args::Text(w) = &inst.args else { return None };
                user = Some(w.value.clone());
            }
            Keyword::Shell => return None,
            _ => {}
        }
    }
    let from_idx = st.sem.stages[stage].from_instruction;
    let from_inst = st.inst(from_idx)?;
    let builder_name = st.sem.stages[stage].name.clone();
    let mut doc = Doc::new(&st.df);
    if builder_name.is_none() {
        let t = st.df.text(from_inst.range).trim_end().to_string();
        doc.replace(from_idx, &format!("{t} AS build"));
    }
    let bname = builder_name.unwrap_or_else(|| "build".to_string());
    // Move the runtime metadata out of the builder.
    let mut moved = Vec::new();
    for i in body.clone() {
        if st.inst(i).is_some_and(|x| is_runtime_meta(x.keyword)) {
            if let Some(p) = doc.remove(i) {
                moved.push((i, p));
            }
        }
    }
    let env_lines: Vec<String> = runtime_env.iter().filter_map(|&i| st.inst(i)).map(|i| st.df.text(i.range).trim_end().to_string()).collect();
    let mut rt = String::from("\n");
    let title;
    let explanation;
    let runtime_ref;
    match plan {
        Plan::Spa { out_dir } => {
            runtime_ref = "nginx:alpine".to_string();
            rt.push_str("FROM nginx:alpine\n");
            rt.push_str(&format!("COPY --from={bname} {out_dir} /usr/share/nginx/html\n"));
            rt.push_str("EXPOSE 80\n");
            rt.push_str("CMD [\"nginx\", \"-g\", \"daemon off;\"]\n");
            title = format!("build in {name}:{tag}, serve {out_dir} with nginx:alpine");
            explanation = "the final image is nginx:alpine with the static build output only: no node, no node_modules, no sources".to_string();
            caveats.push("nginx listens on port 80 (the old EXPOSE/CMD of the static server are replaced); single-page-app routes need `try_files $uri /index.html` in the nginx config".to_string());
            caveats.push("nginx:alpine-slim is smaller still (fewer nginx modules)".to_string());
            if moved.iter().any(|(i, _)| st.inst(*i).is_some_and(|x| x.keyword == Keyword::Healthcheck)) {
                caveats.push("the HEALTHCHECK is dropped: write one for nginx".to_string());
            }
        }
        Plan::NodeServer => {
            let slim_tag = {
                let row = sizedata::base_image(&name, &tag);
                let alpine = row.is_some_and(|r| r.os == sizedata::OsFamily::Alpine) || tag.contains("alpine");
                let slim = tag.contains("slim");
                if alpine || slim {
                    tag.clone()
                } else {
                    let t = variant_tag(&version_part(&tag), "slim");
                    if sizedata::base_image(&name, &t).is_some() { t } else { tag.clone() }
                }
            };
            if let Some(u) = &user {
                if !matches!(u.as_str(), "node" | "root") && !u.chars().all(|c| c.is_ascii_digit() || c == ':') {
                    return None;
                }
            }
            let b = st.inst(anchor)?;
            let flags: String = b.flags.iter().filter(|f| f.name.eq_ignore_ascii_case("mount")).map(|f| format!("{} ", st.df.text(f.range))).collect();
            doc.insert_after(anchor, &format!("RUN {flags}npm prune --omit=dev"));
            let base_text = &st.sem.stages[stage].base_text;
            let last_slash = base_text.rfind('/').map_or(0, |i| i + 1);
            let repo = match base_text[last_slash..].rfind(':') { Some(i) => &base_text[..last_slash + i], None => base_text.as_str() };
            runtime_ref = format!("{repo}:{slim_tag}");
            rt.push_str(&format!("FROM {runtime_ref}\n"));
            for e in &env_lines {
                rt.push_str(e);
                rt.push('\n');
            }
            rt.push_str(&format!("WORKDIR {final_workdir}\n"));
            rt.push_str(&format!("COPY --from={bname} {final_workdir} {final_workdir}\n"));
            if let Some(u) = &user {
                rt.push_str(&format!("USER {u}\n"));
            }
            title = format!("build in {name}:{tag}, run on {runtime_ref} with production dependencies only");
            explanation = "the runtime stage gets the built app with `npm prune --omit=dev`: no devDependencies, no npm cache, no build tools".to_string();
            caveats.push("devDependencies are removed: a start script that needs one (ts-node, nodemon) breaks".to_string());
            caveats.push("packages installed with apt/apk in the builder are not in the runtime image".to_string());
        }
        Plan::Python { runtime, install } => {
            // The installs go to a virtualenv made just before the first one.
            let pos = doc.pos(install)?;
            doc.insert(pos, "RUN python -m venv /opt/venv");
            doc.insert(pos + 1, "ENV PATH=\"/opt/venv/bin:$PATH\"");
            if let Some(u) = &user {
                if !(u == "root" || u.chars().all(|c| c.is_ascii_digit() || c == ':')) {
                    return None;
                }
            }
            runtime_ref = runtime.clone();
            rt.push_str(&format!("FROM {runtime}\n"));
            for e in &env_lines {
                rt.push_str(e);
                rt.push('\n');
            }
            rt.push_str("ENV PATH=\"/opt/venv/bin:$PATH\"\n");
            rt.push_str(&format!("COPY --from={bname} /opt/venv /opt/venv\n"));
            if final_workdir != "/" {
                rt.push_str(&format!("WORKDIR {final_workdir}\n"));
                rt.push_str(&format!("COPY --from={bname} {final_workdir} {final_workdir}\n"));
            }
            if let Some(u) = &user {
                rt.push_str(&format!("USER {u}\n"));
            }
            title = format!("install into a virtualenv in {name}:{tag}, run on {runtime}");
            explanation = format!("the runtime image is {runtime} with the virtualenv and the app: no compilers, headers or pip caches");
            caveats.push("only the virtualenv and the working directory are copied: files written elsewhere by the build are not".to_string());
        }
        Plan::Artifact { path, runtime, what } => {
            runtime_ref = runtime.clone();
            rt.push_str(&format!("FROM {runtime}\n"));
            for e in &env_lines {
                rt.push_str(e);
                rt.push('\n');
            }
            if final_workdir != "/" {
                rt.push_str(&format!("WORKDIR {final_workdir}\n"));
            }
            let dir = path.rsplit_once('/').map_or("/", |(d, _)| if d.is_empty() { "/" } else { d });
            let dir = if dir.ends_with('/') { dir.to_string() } else { format!("{dir}/") };
            rt.push_str(&format!("COPY --from={bname} {path} {dir}\n"));
            if let Some(u) = &user {
                if u == "root" || u.chars().all(|c| c.is_ascii_digit() || c == ':') {
                    rt.push_str(&format!("USER {u}\n"));
                } else {
                    caveats.push(format!("USER {u} was created in the builder: create it in the runtime stage too"));
                }
            }
            title = format!("build in {name}:{tag}, run the {what} on {runtime}");
            explanation = format!("the runtime image is {runtime} with the built {what} only: no build tool, no sources, no dependency caches");
            caveats.push(format!("only the {what} is copied: files the program reads at run time must be copied too"));
        }
        Plan::Go { binary, set_cgo } => {
            // CMD/ENTRYPOINT must work without a shell.
            let mut execs = Vec::new();
            for (i, _) in &moved {
                let k = st.inst(*i)?.keyword;
                if matches!(k, Keyword::Cmd | Keyword::Entrypoint) {
                    execs.push((*i, exec_form(st, *i)?));
                }
            }
            if set_cgo {
                doc.insert_after(from_idx, "ENV CGO_ENABLED=0");
            }
            runtime_ref = "gcr.io/distroless/static-debian12".to_string();
            rt.push_str(&format!("FROM {runtime_ref}\n"));
            for e in &env_lines {
                rt.push_str(e);
                rt.push('\n');
            }
            if final_workdir != "/" {
                rt.push_str(&format!("WORKDIR {final_workdir}\n"));
            }
            rt.push_str(&format!("COPY --from={bname} {binary} {binary}\n"));
            if let Some(u) = &user {
                if u.chars().all(|c| c.is_ascii_digit() || c == ':') {
                    rt.push_str(&format!("USER {u}\n"));
                } else {
                    caveats.push(format!("USER {u} does not exist in distroless: the runtime runs as root (use USER nonroot)"));
                }
            }
            for (i, p) in &moved {
                if let Some((_, e)) = execs.iter().find(|(j, _)| j == i) {
                    rt.push_str(&p.lead);
                    rt.push_str(e);
                    rt.push('\n');
                }
            }
            title = format!("build in {name}:{tag}, run {binary} on distroless/static");
            explanation = "the runtime image is distroless/static (about 2 MB: CA certificates, tzdata, no shell) with the static Go binary only".to_string();
            caveats.push("only the binary is copied: files the program reads at run time (templates, static assets, config) must be copied too".to_string());
            caveats.push("distroless has no shell: `docker exec` with sh does not work; scratch is smaller still but has no CA certificates".to_string());
        }
    }
    // The moved metadata (CMD, EXPOSE, ...) for the node server; Go wrote
    // its own exec-form commands above, the SPA its nginx ones.
    if runtime_ref.starts_with("node") || (!runtime_ref.starts_with("nginx") && !runtime_ref.contains("distroless")) {
        for (_, p) in &moved {
            rt.push_str(&p.lead);
            rt.push_str(&p.text);
            if !p.text.ends_with('\n') {
                rt.push('\n');
            }
        }
    } else if runtime_ref.contains("distroless") {
        for (i, p) in &moved {
            let k = st.inst(*i)?.keyword;
            if matches!(k, Keyword::Expose | Keyword::Stopsignal | Keyword::Volume) {
                rt.push_str(&p.lead);
                rt.push_str(&p.text);
                if !p.text.ends_with('\n') {
                    rt.push('\n');
                }
            } else if k == Keyword::Healthcheck {
                caveats.push("the HEALTHCHECK is dropped: distroless has no shell or curl".to_string());
            }
        }
    }
    // Keep whatever followed the last instruction (trailing comments) at the
    // end of the builder, then the runtime stage.
    doc.append(&rt);
    let dockerfile = doc.print();
    Some(Proposal {
        title,
        explanation,
        caveats,
        applicability: Applicability::Unsafe,
        dockerfile,
        dockerignore: st.dockerignore.map(str::to_string),
        alternatives: Vec::new(),
    })
}
