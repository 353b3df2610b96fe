//! Phrases searched for in prose, ASCII case ignored: one pass over the text for a whole list,
//! and no lower-cased copy of it (instead of a `to_ascii_lowercase` and a substring searcher set
//! up per phrase). For a single phrase, lower-casing and a prebuilt `memchr` finder measured
//! faster than this automaton, whose rare-byte prefilter fires often in prose.

use aho_corasick::AhoCorasick;

/// A list of phrases, any of which may occur in a text.
pub(crate) struct Phrases(AhoCorasick);

impl Phrases {
    /// The list; phrases are matched whatever their ASCII case.
    pub(crate) fn new(phrases: &[&str]) -> Phrases {
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(phrases)
            .expect("a list of a few short phrases always builds");
        Phrases(automaton)
    }

    /// Whether `text` holds one of the phrases.
    pub(crate) fn in_text(&self, text: &str) -> bool {
        self.0.is_match(text)
    }
}

#[cfg(test)]
mod tests {
    use super::Phrases;

    #[test]
    fn phrases_match_whatever_their_case() {
        let phrases = Phrases::new(&["inherited from", "flags enum"]);
        assert!(phrases.in_text("Read-only. Inherited From [entity](entity.md)."));
        assert!(phrases.in_text("A FLAGS ENUM."));
        assert!(!phrases.in_text("inherits from"));
    }
}
