// Plain-text and Markdown articles: one article per file.
#pragma once

#include "readers/article_reader.h"

namespace wadi {

// The headline (first line, when it reads as one) is the title; a date on one
// of the first lines is the date; the bytes may be in any encoding.
ReadResult read_text_article(const FileContext& context, std::string_view bytes);

}  // namespace wadi
