//! Generated inputs shared by `tests/pathological.rs` and
//! `benches/pathological.rs` (included there with `#[path]`).

/// A typical two-stage block (about 500 bytes), numbered.
pub fn block(i: usize) -> String {
    format!(
        "# build {i}\nFROM node:20-alpine AS build{i}\nARG VERSION=1.{i}\nENV APP=/app NODE_ENV=production\n\
         WORKDIR $APP\nCOPY package*.json ./\nRUN npm ci && npm cache clean --force\nCOPY . .\n\
         RUN npm run build && rm -rf /tmp/*\n\nFROM nginx:alpine AS web{i}\n\
         COPY --from=build{i} /app/dist /usr/share/nginx/html\nRUN apk add --no-cache curl\n\
         USER nginx\nEXPOSE 8080\nHEALTHCHECK CMD curl -f http://localhost:8080/ || exit 1\n\n"
    )
}
