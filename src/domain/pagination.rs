//! Every list is paginated: which slice to fetch, and the links around it.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub number: i64,
    pub size: i64,
}

impl PageRequest {
    pub const DEFAULT_SIZE: i64 = 50;

    /// Any `?page=` value is accepted: missing, zero, negative or huge become page 1
    /// or are clamped when the total is known.
    pub fn new(number: Option<i64>, size: i64) -> Self {
        Self {
            number: number.unwrap_or(1).clamp(1, 1_000_000),
            size: size.clamp(1, 500),
        }
    }

    pub fn offset(&self) -> i64 {
        (self.number - 1) * self.size
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PageInfo {
    pub number: i64,
    pub pages: i64,
    pub total: i64,
    pub prev: Option<i64>,
    pub next: Option<i64>,
}

pub fn page_info(req: PageRequest, total: i64) -> PageInfo {
    let pages = ((total + req.size - 1) / req.size).max(1);
    let number = req.number.min(pages);
    PageInfo {
        number,
        pages,
        total,
        prev: (number > 1).then(|| number - 1),
        next: (number < pages).then(|| number + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_info_table() {
        // (requested page, size, total, expected number, pages, prev, next)
        let table = [
            (Some(1), 50, 0, 1, 1, None, None),
            (None, 50, 36, 1, 1, None, None),
            (Some(2), 10, 36, 2, 4, Some(1), Some(3)),
            (Some(4), 10, 36, 4, 4, Some(3), None),
            (Some(9), 10, 36, 4, 4, Some(3), None),
            (Some(-3), 10, 36, 1, 4, None, Some(2)),
        ];
        for (page, size, total, number, pages, prev, next) in table {
            let info = page_info(PageRequest::new(page, size), total);
            assert_eq!(
                (info.number, info.pages, info.prev, info.next),
                (number, pages, prev, next),
                "page {page:?} size {size} total {total}"
            );
        }
        assert_eq!(PageRequest::new(Some(3), 20).offset(), 40);
    }
}
