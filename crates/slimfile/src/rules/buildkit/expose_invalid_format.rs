use super::expose_proto_casing::expose_specs;
use crate::fix::{Edit, Fix};
use crate::lint::{Context, Violation};

crate::declare_rule! {
    /// ## What it does
    /// Flags an `EXPOSE` port written with an IP address or a host port
    /// (`EXPOSE 127.0.0.1:80:80`, `EXPOSE 8080:80`).
    ///
    /// ## Why it matters
    /// `EXPOSE` only documents the container's port; Docker drops the IP and
    /// host-port parts, so the line does not do what it seems to (publishing
    /// happens with `docker run -p`). Docker has announced this will become
    /// an error.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm
    /// EXPOSE 8080:80
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// EXPOSE 80
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the fix keeps the container port (and protocol), which is all
    /// that Docker records.
    ///
    /// ## Equivalents
    /// BuildKit ExposeInvalidFormat (same check and message); dockerfilelint
    /// expose_host_port.
    pub static RULE = {
        code: "ExposeInvalidFormat",
        name: "expose-invalid-format",
        aliases: [],
        severity: Warning,
        group: Buildkit,
        summary: "IP address and host-port mapping should not be used in EXPOSE instruction. This will become an error in a future release",
        fix_keeps_size: true,
        check: check,
    }
}

fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for (idx, spec, literal, word_range) in expose_specs(ctx) {
        // BuildKit's splitParts: more than one ':'-separated part means an
        // IP address or a host port.
        if !spec.contains(':') {
            continue;
        }
        let container = super::expose_proto_casing::container_part(&spec).to_string();
        let mut v = Violation::new(
            word_range,
            format!("EXPOSE instruction should not define an IP address or host-port mapping, found '{spec}'"),
        )
        .note("EXPOSE records only the container port; publish ports with `docker run -p`");
        if let (Some(r), false) = (literal, container.is_empty()) {
            v = v.with_fix(Fix::safe(format!("Expose `{container}`"), vec![Edit::replace(r, container)]));
        }
        out.push(v.on_instruction(idx));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{findings, fixed};

    #[test]
    fn fires_on_ip_and_host_ports() {
        let f =
            findings("FROM scratch\nEXPOSE 127.0.0.1:80:80 [::1]:8080:8080 5000:5000 8000\n", "ExposeInvalidFormat");
        assert_eq!(f.len(), 3);
        assert_eq!(
            f[0],
            (
                "127.0.0.1:80:80".to_string(),
                "EXPOSE instruction should not define an IP address or host-port mapping, found '127.0.0.1:80:80'"
                    .to_string()
            )
        );
        assert_eq!(f[1].0, "[::1]:8080:8080");
    }

    #[test]
    fn quiet_on_plain_ports() {
        assert!(findings("FROM scratch\nEXPOSE 80 443/tcp 8000-8010\n", "ExposeInvalidFormat").is_empty());
    }

    #[test]
    fn fix_keeps_the_container_port() {
        assert_eq!(fixed("FROM scratch\nEXPOSE 8080:80/udp\n", "ExposeInvalidFormat"), "FROM scratch\nEXPOSE 80/udp\n");
    }
}
