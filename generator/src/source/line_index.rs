//! Byte offset -> 1-based line number, computed once per file.

/// Start offsets of every line of a text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|idx| idx + 1));
        LineIndex { starts, len: text.len() }
    }

    /// The start offsets of the lines starting at or after `offset`, relative to it.
    pub fn starts_from(&self, offset: usize) -> impl Iterator<Item = usize> + '_ {
        let first = self.starts.partition_point(|&start| start < offset);
        self.starts.get(first..).unwrap_or_default().iter().map(move |&start| start - offset)
    }

    /// The 1-based line holding byte `offset`; offsets past the end map to the last line.
    pub fn line(&self, offset: usize) -> u32 {
        let offset = offset.min(self.len);
        let idx = self.starts.partition_point(|&start| start <= offset);
        u32::try_from(idx.max(1)).unwrap_or(u32::MAX)
    }

    /// Number of lines (a trailing newline does not start a new counted line of text).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where 1-based `line` starts, if it exists.
    pub fn line_start(&self, line: u32) -> Option<usize> {
        let idx = usize::try_from(line).ok()?.checked_sub(1)?;
        self.starts.get(idx).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::LineIndex;

    #[test]
    fn lines_of_offsets() {
        let index = LineIndex::new("ab\ncd\n\nef");
        let cases = [(0, 1), (2, 1), (3, 2), (5, 2), (6, 3), (7, 4), (8, 4), (100, 4)];
        for (offset, line) in cases {
            assert_eq!(index.line(offset), line, "offset {offset}");
        }
        assert_eq!(index.line_start(2), Some(3));
        assert_eq!(index.line_start(0), None);
        assert_eq!(index.line_start(9), None);
    }
}
