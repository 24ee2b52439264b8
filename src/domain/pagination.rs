//! Every list is paginated: which slice to fetch, and the links around it.

use serde::{Deserialize, Serialize};

/// `?page=N` on a list that has no other filter.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
pub struct PageQuery {
    pub page: Option<i64>,
}

impl PageQuery {
    /// Reads `page` from a query string; anything unreadable means page 1.
    pub fn from_query_string(query: &str) -> Self {
        serde_urlencoded::from_str(query).unwrap_or_default()
    }

    pub fn request(&self) -> PageRequest {
        PageRequest::new(self.page, PageRequest::DEFAULT_SIZE)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub number: i64,
    pub size: i64,
}

/// The highest page number anyone may ask for.
pub const MAX_PAGE: i64 = 1_000_000;

impl PageRequest {
    pub const DEFAULT_SIZE: i64 = 50;

    /// Any `?page=` value is accepted: missing, zero, negative or huge become page 1
    /// or are clamped when the total is known.
    pub fn new(number: Option<i64>, size: i64) -> Self {
        Self {
            number: number.unwrap_or(1).clamp(1, MAX_PAGE),
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

/// One page of a list already in memory (lists bounded by the catalog, such as courses),
/// so every list pages the same way whether SQL or Rust cuts it.
pub fn paginate<T>(rows: Vec<T>, req: PageRequest) -> (Vec<T>, PageInfo) {
    let info = page_info(req, rows.len() as i64);
    let start = ((info.number - 1) * req.size) as usize;
    let page = rows
        .into_iter()
        .skip(start)
        .take(req.size as usize)
        .collect();
    (page, info)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paginate_table() {
        // (rows, requested page, size, expected first row, rows on the page, pages)
        let table = [
            (0, Some(1), 50, None, 0, 1),
            (120, None, 50, Some(0), 50, 3),
            (120, Some(3), 50, Some(100), 20, 3),
            (120, Some(9), 50, Some(100), 20, 3),
            (5, Some(-4), 2, Some(0), 2, 3),
        ];
        for (n, number, size, first, len, pages) in table {
            let (rows, info) =
                paginate((0..n).collect::<Vec<i32>>(), PageRequest::new(number, size));
            assert_eq!(rows.first().copied(), first, "{n} {number:?}");
            assert_eq!(rows.len(), len, "{n} {number:?}");
            assert_eq!(info.pages, pages, "{n} {number:?}");
        }
    }

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
