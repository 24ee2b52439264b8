//! The GIFT parser on arbitrary text: it must not panic, every error must point at a
//! line of the input, and a bank that parses must survive `to_gift` then `parse`.
#![no_main]

use devolve::courses::gift;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines = text.lines().count().max(1);
    match gift::parse(text) {
        Ok(parsed) => {
            let questions: Vec<_> = parsed.into_iter().map(|p| p.question).collect();
            let written = gift::to_gift(&questions);
            let again: Vec<_> = gift::parse(&written)
                .unwrap_or_else(|e| {
                    panic!("to_gift wrote a bank that does not parse: {e:?}\n{written}")
                })
                .into_iter()
                .map(|p| p.question)
                .collect();
            assert_eq!(questions, again, "round trip changed the bank:\n{written}");
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            for e in errors {
                assert!((1..=lines).contains(&e.line), "line {} of {lines}", e.line);
            }
        }
    }
});
