//! Feeds any UTF-8 input to the definition parser. The parser must return a
//! definition or an error for every input; a panic or a hang is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(source) = std::str::from_utf8(data) {
        if let Err(e) = compact_core::definition::parse("fuzz.toml", source) {
            // Rendering the error walks every problem's position and message.
            let _ = e.to_string();
        }
    }
});
