// Text that came from an article or a file name, made safe to show or store.
// Used by both programs: whatever they print for a person goes through
// for_terminal(), and the readers store fields through without_controls().
#pragma once

#include <string>
#include <string_view>

namespace wadi {

// `text` as one line a terminal shows as it is: every C0 control (tab and
// line break included), DEL and invalid UTF-8 byte becomes a visible `\xNN`,
// every C1 control, bidi embedding/override/isolate and line or paragraph
// separator a visible `\uNNNN`, in the notation of bash's $'...', so that a
// file name shown this way can be typed back. Everything else is unchanged.
std::string for_terminal(std::string_view text);

// `text` (valid UTF-8) without the control characters an article has no use
// for: tabs and line breaks (\r, \v, \f, U+0085, U+2028, U+2029 count as
// breaks) become spaces, or with `keep_lines` stay (as '\t' or '\n'); the
// other C0 and C1 controls, DEL and bidi embedding/override/isolate
// characters are dropped.
std::string without_controls(std::string_view text, bool keep_lines = false);

}  // namespace wadi
