// Fuzzes the text decoder: any bytes, in any declared encoding, become valid
// UTF-8 or a reason to skip; is_valid_utf8 agrees with ICU's strict UTF-8.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <unicode/ustring.h>

#include "analysis/text_decoder.h"

namespace {

bool icu_says_valid(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  int32_t length = 0;
  u_strFromUTF8(nullptr, 0, &length, s.data(), static_cast<int32_t>(s.size()), &status);
  return status == U_BUFFER_OVERFLOW_ERROR || status == U_STRING_NOT_TERMINATED_WARNING ||
         (U_SUCCESS(status) && s.empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const char* const kDeclared[] = {"", "utf-8", "windows-1251", "ISO-8859-1", "Shift_JIS", "GB18030",
                                          "UTF-16LE", "EUC-KR", "KOI8-R", "no-such-encoding"};
  if (size == 0) return 0;
  std::string_view declared = kDeclared[data[0] % std::size(kDeclared)];
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);

  wadi::DecodedText decoded = wadi::decode_text(bytes, declared);
  if (decoded.error.empty() && !wadi::is_valid_utf8(decoded.text)) std::abort();
  if (!decoded.error.empty() && !decoded.warning.empty()) std::abort();
  if (!wadi::is_valid_utf8(wadi::to_valid_utf8(bytes))) std::abort();
  if (wadi::is_valid_utf8(bytes) != icu_says_valid(bytes)) std::abort();
  return 0;
}
