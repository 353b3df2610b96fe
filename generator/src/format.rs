//! Format: token streams become source text, with prettyplease.
//!
//! Takes [`CrateFiles`] and gives the text of every file. Each item is printed on its own and the
//! items are joined with one blank line, so the output reads like hand-written code; the header
//! becomes `//!` lines. Tokens that don't parse are a docgen bug, reported as [`FormatError`].

use std::collections::BTreeMap;

use quote::quote;

use crate::emit::{CrateFiles, FileContent, RustFile};

/// Generated tokens that are not valid Rust.
#[derive(Debug, thiserror::Error)]
#[error("docgen generated invalid Rust for {path}: {message} (this is a docgen bug; please report it)")]
pub struct FormatError {
    /// The file.
    pub path: String,
    /// What syn said.
    pub message: String,
}

/// The text of every file of `files`, by path.
pub fn format_crate(files: &CrateFiles) -> Result<BTreeMap<String, String>, FormatError> {
    files
        .files
        .iter()
        .map(|(path, content)| {
            let text = match content {
                FileContent::Text(text) => text.clone(),
                FileContent::Rust(rust) => {
                    format_rust(rust).map_err(|err| FormatError { path: path.clone(), message: err.to_string() })?
                }
                FileContent::Included { comment, file } => {
                    let body = format_rust(file)
                        .map_err(|err| FormatError { path: path.clone(), message: err.to_string() })?;
                    format!("{}\n\n{body}", comment.join("\n"))
                }
            };
            Ok((path.clone(), text))
        })
        .collect()
}

/// One Rust file: comment, header, preamble, then each item, separated by blank lines.
pub fn format_rust(file: &RustFile) -> Result<String, syn::Error> {
    let mut sections = Vec::new();
    if let Some(comment) = &file.comment {
        sections.push(format!("// {comment}"));
    }
    let header = file.header.iter().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") });
    if !file.header.is_empty() {
        let header: syn::File = syn::parse2(quote!(#(#![doc = #header])*))?;
        sections.push(prettyplease::unparse(&header));
    }
    for section in &file.preamble {
        sections.push(prettyplease::unparse(&syn::parse2(section.clone())?));
    }
    for item in &file.items {
        let parsed: syn::File = syn::parse2(item.clone())?;
        for item in parsed.items {
            let mut single = parsed_shell();
            single.items.push(item);
            sections.push(prettyplease::unparse(&single));
        }
    }
    let mut text = String::new();
    for section in sections.iter().map(|section| section.trim_end()).filter(|section| !section.is_empty()) {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(section);
        text.push('\n');
    }
    Ok(text)
}

/// An empty file to print one item in.
fn parsed_shell() -> syn::File {
    syn::parse2(proc_macro2::TokenStream::new()).expect("an empty token stream is an empty file")
}
