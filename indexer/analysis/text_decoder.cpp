#include "analysis/text_decoder.h"

#include <memory>

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/unistr.h>

namespace wadi {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// The length of the well-formed UTF-8 sequence at `p` (no overlongs, no
// surrogates), or 0 when there is none.
std::size_t utf8_sequence_length(const unsigned char* p, const unsigned char* end) {
  unsigned char c = *p;
  if (c < 0x80) return 1;
  int n;
  unsigned int min;
  unsigned int cp;
  if ((c & 0xE0) == 0xC0) { n = 1; min = 0x80; cp = c & 0x1F; }
  else if ((c & 0xF0) == 0xE0) { n = 2; min = 0x800; cp = c & 0x0F; }
  else if ((c & 0xF8) == 0xF0) { n = 3; min = 0x10000; cp = c & 0x07; }
  else return 0;
  if (end - p <= n) return 0;
  for (int i = 1; i <= n; ++i) {
    if ((p[i] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (p[i] & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n + 1;
}

// UTF-8 with a few broken sequences (a truncated or badly joined file) is
// still UTF-8. Legacy multi-byte encodings form valid UTF-8 sequences by
// chance too, but far fewer than invalid ones (GBK: about 1 to 4), so this
// asks for at least 4 well-formed multi-byte sequences per invalid byte.
// Returns the number of invalid bytes, or 0 when the bytes are not mostly UTF-8.
std::size_t invalid_bytes_in_mostly_utf8(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto* end = p + bytes.size();
  std::size_t multibyte = 0, invalid = 0;
  while (p < end) {
    std::size_t n = utf8_sequence_length(p, end);
    if (n == 0) { ++invalid; ++p; continue; }
    if (n > 1) ++multibyte;
    p += n;
  }
  return multibyte >= 4 * invalid ? invalid : 0;
}

// Converts with an ICU converter; unmappable bytes become U+FFFD.
bool convert(std::string_view bytes, const char* encoding, std::string& out) {
  icu::UnicodeString u(bytes.data(), static_cast<int32_t>(bytes.size()), encoding);
  if (u.isBogus()) return false;
  out.clear();
  u.toUTF8String(out);
  return true;
}

bool known_encoding(std::string_view name) {
  UErrorCode status = U_ZERO_ERROR;
  UConverter* converter = ucnv_open(std::string(name).c_str(), &status);
  if (converter) ucnv_close(converter);
  return U_SUCCESS(status) && converter;
}

// Text has few control characters; binary formats are full of them.
bool looks_binary(std::string_view bytes) {
  std::size_t sample = std::min<std::size_t>(bytes.size(), 64 * 1024);
  std::size_t controls = 0;
  for (std::size_t i = 0; i < sample; ++i) {
    unsigned char c = bytes[i];
    if (c == 0) return true;
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1B && c != 0x03) ++controls;
  }
  return controls * 20 > sample;  // more than 5%
}

std::string detect_encoding(std::string_view bytes) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, decltype(&ucsdet_close)> detector(ucsdet_open(&status), ucsdet_close);
  if (U_FAILURE(status)) return "windows-1252";
  int32_t sample = static_cast<int32_t>(std::min<std::size_t>(bytes.size(), 256 * 1024));
  ucsdet_setText(detector.get(), bytes.data(), sample, &status);
  const UCharsetMatch* match = ucsdet_detect(detector.get(), &status);
  if (U_FAILURE(status) || !match) return "windows-1252";
  const char* name = ucsdet_getName(match, &status);
  if (U_FAILURE(status) || !name) return "windows-1252";
  std::string encoding = name;
  // The bytes are not valid UTF-8 (checked before), so a UTF-8 or ASCII
  // guess is wrong; ISO-8859-1 is better read as its superset windows-1252.
  if (encoding == "UTF-8" || encoding == "US-ASCII" || encoding == "ISO-8859-1") return "windows-1252";
  return encoding;
}

}  // namespace

bool is_valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    std::size_t n = utf8_sequence_length(p, end);
    if (n == 0) return false;
    p += n;
  }
  return true;
}

std::string to_valid_utf8(std::string_view s) {
  if (is_valid_utf8(s)) return std::string(s);
  std::string out;
  convert(s, "UTF-8", out);
  return out;
}

DecodedText decode_text(std::string_view bytes, std::string_view declared) {
  DecodedText result;
  if (bytes.empty()) {
    result.error = "empty file";
    return result;
  }
  if (starts_with(bytes, "\xEF\xBB\xBF")) {
    result.encoding = "UTF-8";
    result.text = to_valid_utf8(bytes.substr(3));
    return result;
  }
  if (starts_with(bytes, "\xFF\xFE") || starts_with(bytes, "\xFE\xFF")) {
    result.encoding = bytes[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";
    convert(bytes.substr(2), result.encoding.c_str(), result.text);
    return result;
  }
  if (looks_binary(bytes)) {
    result.error = "binary file (control bytes, not text)";
    return result;
  }
  if (is_valid_utf8(bytes)) {
    result.encoding = "UTF-8";
    result.text = std::string(bytes);
    return result;
  }
  if (std::size_t invalid = invalid_bytes_in_mostly_utf8(bytes)) {
    result.encoding = "UTF-8";
    result.text = to_valid_utf8(bytes);
    result.warning = "invalid UTF-8: " + std::to_string(invalid) + (invalid == 1 ? " byte" : " bytes") +
                     " replaced with U+FFFD";
    return result;
  }
  result.encoding = !declared.empty() && known_encoding(declared) && declared != "utf-8" && declared != "UTF-8"
                        ? std::string(declared)
                        : detect_encoding(bytes);
  if (!convert(bytes, result.encoding.c_str(), result.text)) {
    result.encoding = "windows-1252";
    convert(bytes, "windows-1252", result.text);
  }
  return result;
}

}  // namespace wadi
