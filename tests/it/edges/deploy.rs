//! The deployment files start: `deploy/suivi.service` and the `Dockerfile` are read as they
//! are (their `Environment=` and `ENV` lines), their paths moved into a temporary folder, and
//! the real binary runs `suivi check` and `suivi status --health` with exactly that
//! environment — nothing inherited but `PATH` and `HOME`.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{root, texts};

/// The unit's `Environment=` lines, as (name, value).
fn unit_environment(unit: &str) -> Vec<(String, String)> {
    unit.lines()
        .filter_map(|l| l.trim().strip_prefix("Environment="))
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

/// The Dockerfile's `ENV` instruction (one, continued over lines), as (name, value).
fn dockerfile_environment(dockerfile: &str) -> Vec<(String, String)> {
    let mut joined = String::new();
    let mut inside = false;
    for line in dockerfile.lines() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("ENV ") {
            inside = true;
            joined.push_str(rest);
        } else if inside {
            joined.push(' ');
            joined.push_str(line);
        } else {
            continue;
        }
        if !line.ends_with('\\') {
            inside = false;
        }
    }
    joined
        .split_whitespace()
        .filter(|w| *w != "\\")
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

/// A machine in a folder: each absolute path the files name is moved under `base`.
struct Machine {
    base: tempfile::TempDir,
}

impl Machine {
    fn new() -> Machine {
        let base = tempfile::tempdir().expect("a folder");
        for dir in [
            "etc/suivi",
            "var/lib/suivi",
            "data",
            "credentials",
            "run/secrets",
        ] {
            std::fs::create_dir_all(base.path().join(dir)).expect("a folder");
        }
        std::fs::copy(
            root().join("bot.toml"),
            base.path().join("etc/suivi/bot.toml"),
        )
        .expect("bot.toml");
        let token = "deploy-test-token\n";
        for file in ["credentials/token", "run/secrets/token"] {
            let path = base.path().join(file);
            std::fs::write(&path, token).expect("the token");
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        }
        Machine { base }
    }

    /// `value` with `%d` (systemd's credentials folder) and absolute paths moved here.
    fn place(&self, value: &str) -> String {
        let value = value.replace("%d", "/credentials");
        if value.starts_with('/') {
            self.base
                .path()
                .join(value.trim_start_matches('/'))
                .display()
                .to_string()
        } else {
            value
        }
    }

    fn path(&self, p: &str) -> PathBuf {
        self.base.path().join(p)
    }

    /// The binary with exactly `env` (placed), plus `PATH` and `HOME`.
    fn suivi(&self, env: &[(String, String)], dir: &Path, args: &[&str]) -> std::process::Output {
        let mut c = Command::new(env!("CARGO_BIN_EXE_suivi"));
        c.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", self.base.path())
            .current_dir(dir)
            .args(args);
        for (k, v) in env {
            c.env(k, self.place(v));
        }
        c.output().expect("suivi runs")
    }
}

fn assert_ok(out: &std::process::Output, what: &str) {
    let (stdout, stderr) = texts(out);
    assert!(out.status.success(), "{what}: {stdout}\n{stderr}");
    assert!(!stderr.contains("not a suivi setting"), "{what}: {stderr}");
    assert!(!stdout.contains("deploy-test-token") && !stderr.contains("deploy-test-token"));
}

#[test]
fn the_systemd_unit_starts_on_a_fresh_machine_check_then_run_then_health() {
    let unit = std::fs::read_to_string(root().join("deploy/suivi.service")).expect("the unit");
    let env = unit_environment(&unit);
    assert!(env.iter().any(|(k, _)| k == "SUIVI_CONFIG"), "{env:?}");
    let machine = Machine::new();
    let workdir = machine.path("var/lib/suivi");
    // ExecStartPre on a fresh machine: no database yet, its folder writable.
    let check = machine.suivi(&env, &workdir, &["check"]);
    assert_ok(&check, "check before the first run");
    assert!(
        !machine.path("var/lib/suivi/suivi.db").exists(),
        "check creates nothing"
    );
    // What the first `run` does to the file before connecting.
    let migrate = machine.suivi(&env, &workdir, &["migrate"]);
    assert_ok(&migrate, "migrate");
    assert!(machine.path("var/lib/suivi/suivi.db").exists());
    assert_ok(&machine.suivi(&env, &workdir, &["check"]), "check");
    assert_ok(
        &machine.suivi(&env, &workdir, &["status", "--health"]),
        "status --health",
    );
}

#[test]
fn the_container_passes_check_and_its_health_check() {
    let dockerfile = std::fs::read_to_string(root().join("Dockerfile")).expect("the Dockerfile");
    let mut env = dockerfile_environment(&dockerfile);
    assert!(env.iter().any(|(k, _)| k == "SUIVI_CONFIG"), "{env:?}");
    // The token as the documented `docker run` gives it.
    assert!(dockerfile.contains("-e SUIVI_TOKEN_FILE=/run/secrets/token"));
    env.push(("SUIVI_TOKEN_FILE".into(), "/run/secrets/token".into()));
    let machine = Machine::new();
    let workdir = machine.path("data");
    assert_ok(&machine.suivi(&env, &workdir, &["check"]), "check");
    assert_ok(&machine.suivi(&env, &workdir, &["migrate"]), "migrate");
    assert!(machine.path("data/suivi.db").exists());
    assert_ok(
        &machine.suivi(&env, &workdir, &["status", "--health"]),
        "HEALTHCHECK",
    );
}

/// Every variable the command line reads is left to it, never taken for a setting.
#[test]
fn the_command_line_variables_are_not_settings() {
    use clap::CommandFactory;
    let cli = suivi::cli::Cli::command();
    let mut read = Vec::new();
    let mut stack = vec![&cli];
    while let Some(c) = stack.pop() {
        for a in c.get_arguments() {
            if let Some(v) = a.get_env() {
                read.push(v.to_string_lossy().into_owned());
            }
        }
        stack.extend(c.get_subcommands());
    }
    assert!(read.contains(&"SUIVI_CONFIG".to_owned()), "{read:?}");
    for v in &read {
        assert!(
            suivi::config::COMMAND_LINE_VARS.contains(&v.as_str()),
            "{v} is read by the command line: list it in COMMAND_LINE_VARS"
        );
    }
    let env = vec![("SUIVI_CONFIG".to_owned(), "/etc/suivi/bot.toml".to_owned())];
    suivi::config::Config::parse(include_str!("../../../bot.toml"), &env)
        .expect("SUIVI_CONFIG is not a setting");
}
