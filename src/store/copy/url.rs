//! A database URL as the operator may read it: without its password.

/// `url` without the password of its user part nor a `password=` parameter:
/// `postgres://suivi:secret@db/suivi?password=x&sslmode=require` reads
/// `postgres://suivi@db/suivi?sslmode=require`.
pub fn redact(url: &str) -> String {
    let (main, query) = match url.split_once('?') {
        Some((m, q)) => (m, Some(q)),
        None => (url, None),
    };
    let main = match main.split_once("://") {
        Some((scheme, rest)) => {
            let (authority, path) = match rest.find('/') {
                Some(i) => rest.split_at(i),
                None => (rest, ""),
            };
            let authority = match authority.rsplit_once('@') {
                Some((user, host)) => {
                    let user = user.split_once(':').map_or(user, |(u, _)| u);
                    format!("{user}@{host}")
                }
                None => authority.to_owned(),
            };
            format!("{scheme}://{authority}{path}")
        }
        None => main.to_owned(),
    };
    let kept: Vec<&str> = query
        .into_iter()
        .flat_map(|q| q.split('&'))
        .filter(|p| {
            let key = p.split('=').next().unwrap_or_default();
            !key.eq_ignore_ascii_case("password") && !p.is_empty()
        })
        .collect();
    if kept.is_empty() {
        main
    } else {
        format!("{main}?{}", kept.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn the_password_never_shows() {
        assert_eq!(
            redact("postgres://suivi:s3cr:et@db.local:5432/suivi?password=x&sslmode=require"),
            "postgres://suivi@db.local:5432/suivi?sslmode=require"
        );
        assert_eq!(
            redact("postgres://suivi@db/suivi"),
            "postgres://suivi@db/suivi"
        );
        assert_eq!(redact("postgres://db?Password=x"), "postgres://db");
        assert_eq!(redact("not a url"), "not a url");
    }
}
