//! The site's own `static/_redirects` rules: each must lead to a page, and none may
//! lead to another rule or to a legacy URL, or hide a page of the site.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::Diagnostic;
use crate::fsutil::Fence;
use crate::render::Job;
use crate::render::served_file;
use crate::site::Site;

/// The site's own `static/_redirects` rules: each target must be a page, and no rule
/// may lead to another rule or hide a real page.
pub(super) fn redirect_rules(
    site: &Site,
    source: &Path,
    jobs: &BTreeMap<String, Job>,
    statics: &BTreeMap<String, crate::templates::StaticFile>,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(crate::templates::StaticFile::Site { path, shown }) =
        statics.get(crate::render::HOST_REDIRECTS)
    else {
        return;
    };
    let Ok(text) = Fence::new(source).read_to_string(path) else {
        return;
    };
    let base = site.config.base_url.path();
    let rules: Vec<(usize, &str, &str)> = text
        .lines()
        .enumerate()
        .filter_map(|(n, l)| {
            let mut f = l.split_whitespace();
            let (from, to) = (f.next()?, f.next()?);
            (!from.starts_with('#')).then_some((n + 1, from, to))
        })
        .collect();
    let froms: BTreeMap<&str, usize> = rules.iter().map(|(n, f, _)| (*f, *n)).collect();
    // The file a rule's path is served from, if the site has it.
    let file_of = |p: &str| {
        let p = p.split(['?', '#']).next().unwrap_or(p);
        let rest = p.strip_prefix(base)?;
        served_file(jobs, &format!("/{rest}")).ok().flatten()
    };
    for &(line, from, to) in &rules {
        // Splats and placeholders are the host's business.
        if from.contains(['*', ':']) || to.contains(['*', ':']) && !to.contains("://") {
            continue;
        }
        let at = |d: Diagnostic| d.in_file(shown).at(line, 1);
        match file_of(from).and_then(|f| jobs.get(&f)) {
            Some(Job::Redirect(i)) => diags.push(at(Diagnostic::error(format!(
                "the rule for {from} overrides the legacy URL of {}",
                site.posts[site.redirects[*i].to].post.file.display()
            ))
            .code("redirect-shadow")
            .help("remove the rule, or the legacyUrl"))),
            Some(_) => diags.push(at(Diagnostic::error(format!(
                "the rule for {from} hides a page of the site"
            ))
            .code("redirect-shadow")
            .help("remove the rule, or the page"))),
            None => {}
        }
        let legacy = file_of(to).and_then(|f| match jobs.get(&f) {
            Some(Job::Redirect(i)) => Some(&site.posts[site.redirects[*i].to].path),
            _ => None,
        });
        if let Some(post) = legacy {
            diags.push(at(Diagnostic::error(format!(
                "{from} redirects to {to}, a legacy URL that redirects again, to {post}"
            ))
            .code("redirect-chain")
            .help("point the rule at the final page")));
            continue;
        }
        if froms.contains_key(to) {
            let what = if to == from { "itself" } else { "another rule" };
            diags.push(at(Diagnostic::error(format!(
                "{from} redirects to {to}, which {what} redirects again"
            ))
            .code("redirect-chain")
            .help("point the rule at the final page")));
            continue;
        }
        if !crate::url::is_external(to) && file_of(to).is_none() {
            diags.push(at(Diagnostic::error(format!(
                "{from} redirects to {to}, which is not a page of this site"
            ))
            .code("redirect-target")
            .help("point the rule at a page that exists")));
        }
    }
}
