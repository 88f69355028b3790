// How articles are laid out in the Xapian database: the one place that names
// term prefixes, value slots and metadata keys. Both programs include it.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include <xapian.h>

namespace wadi::schema {

// Term prefixes, following Xapian/Omega conventions where one exists.
inline constexpr const char* kIdPrefix = "Q";          // unique article key (boolean)
inline constexpr const char* kFilePrefix = "XF";       // file the article came from (boolean)
inline constexpr const char* kTitlePrefix = "S";       // title words, with positions
// Stems are not terms (schema 1 had them as "Z" and "ZS" terms; `search`
// still reads such databases). Each shard's vocabulary table (Xapian's
// synonym table) lists, under "Z" + stem, the words of its articles having
// that stem: a query word becomes the OR of its forms the index holds.
inline constexpr const char* kStemPrefix = "Z";
inline constexpr const char* kTitleStemPrefix = "ZS";  // schema 1 only
inline constexpr const char* kSourcePrefix = "XS";     // folded words of the source (boolean)
inline constexpr const char* kLanguagePrefix = "L";    // ISO 639-1 language (boolean)
// Where the date came from (boolean): "XDgiven", "XDtext", "XDpath", "XDmtime"
// (see DateOrigin); a date filter counts the "XDmtime" articles it leaves out.
inline constexpr const char* kDateOriginPrefix = "XD";
inline constexpr const char* kFileTimeOrigin = "mtime";
// A hyphen-joined word written as one ("cease-fire": "XJceasefire"), at its
// first and last part's positions; listed in the vocabulary under its stem,
// so the query word "ceasefire" finds it. Prefixed so that feedback, which
// expands with words only, does not pick it beside its own parts.
inline constexpr const char* kJoinedPrefix = "XJ";
// A word written with a symbol its tokens lose (Analyzer::whole_words:
// "o'sullivan", "at&t", "3.5%"): "XW" + the word folded, at the position of
// each of its tokens, with frequency 0 so that article lengths and ranking
// stay as without it: a query writing the symbol is ranked by the tokens'
// terms and filtered by these. Only in databases whose shards record
// kWholeWordsKey; others are searched as before.
inline constexpr const char* kWholeWordPrefix = "XW";
// The index run that last added or changed the article (boolean): "XN" +
// the run number (kRunKey), e.g. "XN12": what a run added is one posting
// list, so the saved searches' check after a run costs one query each.
inline constexpr const char* kRunPrefix = "XN";
// Stories (near-identical articles, see indexer/story_signature.h): each
// LSH band of an article's signature as a boolean term ("XB" + band number
// and hash, two and 13 hex digits), so that the articles sharing a band with a
// new one are one query; and the article's story ("XG" + its label), so that
// a story's versions are one query. Only in databases indexed since stories
// were; others are searched as before, each article its own story.
inline constexpr const char* kStoryBandPrefix = "XB";
inline constexpr const char* kStoryPrefix = "XG";
// On every article of a story of several (and perhaps on one left alone
// since): search counts the stories of a query's matches among these only,
// the others being a story each.
inline constexpr const char* kSharedStoryTerm = "XM";
// Unprefixed terms are folded, unstemmed words with positions (phrases, NEAR,
// prefixes); transliterations of non-Latin words share their positions.

// Whether `term` is one of the prefixed kinds above: every prefix starts
// with an upper-case ASCII letter, and a folded word never does.
inline bool is_prefixed(std::string_view term) { return !term.empty() && term[0] >= 'A' && term[0] <= 'Z'; }

// A vocabulary entry: "Z" + stem, and a word of the index with that stem.
using StemmedWord = std::pair<std::string, std::string>;

// Value slots.
inline constexpr Xapian::valueno kDateSlot = 0;      // "YYYYMMDD", sortable
inline constexpr Xapian::valueno kSourceSlot = 1;    // source as displayed
inline constexpr Xapian::valueno kLanguageSlot = 2;  // ISO 639-1 code
inline constexpr Xapian::valueno kYearSlot = 3;      // "YYYY", for facets; not for articles dated by their file's mtime
inline constexpr Xapian::valueno kKeySlot = 4;       // the article's key (as in its Q term)
inline constexpr Xapian::valueno kContentSlot = 5;   // hash of what was indexed, to skip unchanged articles
inline constexpr Xapian::valueno kFileYearSlot = 6;  // "YYYY" of an article dated only by its file's mtime
// The article's story: a label (16 hex digits) shared by the versions of one
// story, on which search collapses; the content hash of the article that
// began the story, which stays the label when that article goes or changes.
// Empty for an article too short to compare (under 5 words of body).
inline constexpr Xapian::valueno kStorySlot = 7;
// The run number of the article's kRunPrefix term, sortable_serialise()d:
// `search --new` asks for the runs since the last listing as one range.
inline constexpr Xapian::valueno kRunSlot = 8;

// How much more a title word counts than a body word (within-document
// frequency) is RankingSettings::title_weight, with the other ranking
// tunables, recorded under kTitleWeightKey.

// Positions: body words start after a gap so that no phrase spans the title
// and the body.
inline constexpr Xapian::termpos kBodyPositionOffset = 1000;

// Database metadata keys.
inline constexpr const char* kFileRecordKey = "F";      // + file path: its FileRecord
inline constexpr const char* kContentHashKey = "H";     // + content hash: file path holding it
inline constexpr const char* kDuplicateKey = "D";       // + content hash + path: a duplicate's path
inline constexpr const char* kRootKey = "R";            // + corpus root given to a run: "1"
inline constexpr const char* kSchemaVersionKey = "wadi-schema";
// How articles that give no date were dated ("text,path,mtime", see
// `index --date-from`): a run asking otherwise is refused, since articles
// indexed before would keep dates found in another order.
inline constexpr const char* kDateOrderKey = "wadi-date-from";
// How many articles of each language the index runs have detected with
// confidence ("en:120 it:3"): the archive's main language, which settles
// the language of short ambiguous articles (see archive_language.h).
inline constexpr const char* kLanguageTallyKey = "wadi-languages";
// In every shard: the mean and standard deviation of the articles' lengths
// ("142.31 126.04", from a sample), whose ratio sets BM25's b
// (RankingSettings::b_for). Written by each index run that changes something.
inline constexpr const char* kLengthSpreadKey = "wadi-length-spread";
// In the catalog: the title weight the articles were indexed with
// (RankingSettings::title_weight), so that no run mixes two in one index.
// A database without it was indexed with the default, 3.
inline constexpr const char* kTitleWeightKey = "wadi-title-weight";
// In the catalog: whether the articles are grouped into stories ("on",
// "off"; see `index --stories`): the band terms and story of every article,
// or none. A run asking otherwise is refused: an index half grouped would
// collapse some copies and not others. A database without it, "on".
inline constexpr const char* kStoriesKey = "wadi-stories";
// In every shard made since whole words are indexed (kWholeWordPrefix): "1".
inline constexpr const char* kWholeWordsKey = "wadi-whole-words";
// In the catalog: the number of the last index run that added or changed
// articles (decimal; none before the first). A run records it once its
// articles are all written, so that a run under way is not yet "new".
inline constexpr const char* kRunKey = "wadi-run";
// In the catalog: "wadi-saved/" + name: a saved search (searcher/saved_searches.h).
inline constexpr const char* kSavedSearchKey = "wadi-saved/";
inline constexpr const char* kSchemaVersion = "2";  // 2: stems in the vocabulary table, not as terms

}  // namespace wadi::schema
