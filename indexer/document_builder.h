// Turning an Article into the Xapian document both programs agree on.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

#include "analysis/analyzer.h"
#include "analysis/ranking_settings.h"
#include "analysis/schema.h"
#include "article.h"
#include "story_signature.h"

namespace wadi {

struct BuiltDocument {
  Xapian::Document document;
  std::string content_hash;  // of everything indexed; equal hashes mean equal documents
  // The article's words under their stems, for the vocabulary tables
  // (schema.h): those the builder has not met before in this run, so that
  // every word is stemmed and handed on once.
  std::vector<schema::StemmedWord> words;
  Shingles shingles;  // of the body, to find the article's story (see StoryGrouper)
};

// Thread-compatible: one per thread, like the Analyzer it uses.
class DocumentBuilder {
 public:
  // `title_weight`: a title word counts this many body words (the
  // database's, see RankingSettings::title_weight). `stories`: give each
  // document its shingles and band terms (the database's, see
  // schema::kStoriesKey); without, the writer finds it no story.
  explicit DocumentBuilder(Analyzer& analyzer, Xapian::termcount title_weight = RankingSettings().title_weight,
                           bool stories = true)
      : analyzer_(analyzer), title_weight_(title_weight), stories_(stories) {}

  // Terms: unstemmed words with positions, title words ("S") with positions,
  // transliterations of Cyrillic and Greek words at the same position,
  // boolean terms for id, file, source, language and date origin. No stem terms: the
  // stems go to the vocabulary table (BuiltDocument::words), which halves the
  // terms an article adds and takes a quarter off the indexing time.
  // Values: date, source, language, year (file year for mtime dates), key,
  // content hash. The body's shingles, and their StorySignature's band
  // terms (the story itself is for the writer to find). Data: the stored
  // fields as JSON, including the body text for snippets.
  BuiltDocument build(const Article& article);

 private:
  // Returns the number of words indexed.
  std::size_t index_words(BuiltDocument& built, const std::string& text, const std::vector<Token>& tokens,
                          const std::string& language, Xapian::termpos offset, bool title);
  // Adds stem -> word to built.words unless this builder did before.
  void note_word(BuiltDocument& built, const std::string& stem, const std::string& word);

  // A set of 64-bit hashes, open addressing: one cache miss a lookup, where
  // std::unordered_set takes two; it is asked once for every word indexed.
  class HashSet {
   public:
    bool insert(std::uint64_t hash);  // true if it was not there

   private:
    std::vector<std::uint64_t> slots_ = std::vector<std::uint64_t>(1 << 16);
    std::size_t size_ = 0;
  };

  Analyzer& analyzer_;
  Xapian::termcount title_weight_;
  bool stories_;
  HashSet noted_;  // (language or stem, word) pairs met
};

}  // namespace wadi
