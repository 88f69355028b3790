// style_sheet (pages.h): the pages' only style sheet, built into the binary
// (users may be offline: no CDN, no web fonts, the system's own fonts).
#include "pages.h"

namespace wadi::server {

std::string_view style_sheet() {
  static constexpr std::string_view kStyleSheet = R"css(
:root {
  --text: #1d2125; --muted: #5b6570; --line: #d9dee3; --back: #ffffff; --panel: #f4f6f8;
  --accent: #0b5cad; --visited: #6a3d9a; --mark: #ffe58a; --error: #a4161a;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --text: #e4e7ea; --muted: #9aa4ae; --line: #39414a; --back: #15191d; --panel: #1e2429;
    --accent: #7db7f0; --visited: #c5a3ef; --mark: #6b5600; --error: #ff8a8a;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0 auto; max-width: 78rem; padding: 0 1rem 2rem;
  font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", sans-serif;
  color: var(--text); background: var(--back); overflow-wrap: anywhere;
}
a { color: var(--accent); }
a:visited { color: var(--visited); }
mark { background: var(--mark); color: inherit; padding: 0 .1em; border-radius: 2px; }
code { font-size: .95em; background: var(--panel); padding: 0 .2em; border-radius: 3px; }

.top { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1rem; padding: 1rem 0; border-bottom: 1px solid var(--line); }
.brand { font-size: 1.5rem; font-weight: 700; text-decoration: none; color: var(--text); letter-spacing: .02em; }
.brand:visited { color: var(--text); }
.search { display: flex; flex: 1 1 15rem; gap: .5rem; max-width: 44rem; }
.search input[type=search] {
  flex: 1; min-width: 0; font: inherit; padding: .5rem .75rem; color: var(--text); background: var(--back);
  border: 1px solid var(--muted); border-radius: 6px;
}
.search button {
  font: inherit; padding: .5rem 1rem; border: 0; border-radius: 6px; color: #fff; background: var(--accent); cursor: pointer;
}
@media (prefers-color-scheme: dark) { .search button { color: #10161c; } }
.search input:focus, .search button:focus { outline: 2px solid var(--accent); outline-offset: 2px; }

main { padding-top: 1rem; }
.layout { display: grid; grid-template-columns: minmax(0, 1fr); gap: 1.5rem 2.5rem; }
@media (min-width: 60rem) {
  .layout { grid-template-columns: minmax(0, 1fr) 19rem; }
}

.count { font-weight: 600; margin: .25rem 0; }
.note, .relaxed, .words, .undated, .welcome { color: var(--muted); margin: .25rem 0; }
.none { font-size: 1.1rem; margin: .5rem 0; }
.suggestion { font-size: 1.1rem; margin: .5rem 0; }
.error { color: var(--error); font-weight: 600; border-left: 4px solid var(--error); padding: .25rem .75rem; background: var(--panel); }
.error-title { font-size: 1.5rem; }
.sort { color: var(--muted); font-size: .95rem; margin: .25rem 0 .5rem; }
.sort a, .sort strong { margin-left: .35rem; }
.sort strong { color: var(--text); }

.hits { list-style: none; margin: 0; padding: 0; }
.hit { padding: .75rem 0; border-bottom: 1px solid var(--line); }
.hit:last-child { border-bottom: 0; }
.hit-title { font-size: 1.15rem; line-height: 1.3; margin: 0 0 .2rem; font-weight: 600; }
.hit-title a { text-decoration: none; }
.hit-title a:hover, .hit-title a:focus { text-decoration: underline; }
.byline { color: var(--muted); font-size: .9rem; margin: 0 0 .25rem; }
.snippet { margin: 0; }
.versions { color: var(--muted); font-size: .9rem; margin: .25rem 0 0; }

.pages { display: flex; flex-wrap: wrap; gap: .35rem; align-items: center; margin: 1.25rem 0; }
.pages a, .pages strong { display: inline-block; min-width: 2.5rem; padding: .4rem .6rem; text-align: center; border-radius: 6px; }
.pages a { border: 1px solid var(--line); text-decoration: none; }
.pages strong { background: var(--accent); color: var(--back); }

.sidebar { min-width: 0; align-self: start; }
.sidebar h2 { font-size: .85rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: 0 0 .4rem; }
.sidebar section, .similar { background: var(--panel); border-radius: 8px; padding: .75rem 1rem; margin-bottom: 1rem; }
.facet ul { list-style: none; margin: 0; padding: 0; }
.facet li { display: flex; justify-content: space-between; gap: .75rem; padding: .3rem 0; border-bottom: 1px solid var(--line); }
.facet li:last-child { border-bottom: 0; }
.facet li a, .facet li > span:first-child { min-width: 0; }
.facet .current { font-weight: 700; }
.facet .plain, .facet .more { color: var(--muted); }
.n { color: var(--muted); font-variant-numeric: tabular-nums; }

svg.timeline { display: block; width: 100%; height: auto; color: var(--muted); }
svg.timeline text { font-size: 11px; font-family: inherit; font-variant-numeric: tabular-nums; }
svg.timeline .axis { stroke-width: 1; }
svg.timeline .bar { fill: var(--accent); }
svg.timeline a:hover .bar, svg.timeline a:focus .bar { fill: var(--visited); }

.article { min-width: 0; max-width: 46rem; }
.article h1 { font-size: 1.75rem; line-height: 1.25; margin: .25rem 0 .75rem; }
.back { margin: 0 0 .5rem; }
.metadata { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .2rem 1rem; margin: 0 0 1.25rem;
  padding: .75rem 1rem; background: var(--panel); border-radius: 8px; font-size: .92rem; }
.metadata dt { color: var(--muted); }
.metadata dd { margin: 0; }
.article-text { font-size: 1.1rem; line-height: 1.65; }
.article-text p { margin: 0 0 1em; }
.article-text[dir=rtl] { font-size: 1.2rem; line-height: 1.8; }
.similar .hit-title { font-size: 1rem; }

.bottom { margin-top: 2.5rem; padding-top: 1rem; border-top: 1px solid var(--line); color: var(--muted); font-size: .9rem; }
@media (max-width: 30rem) {
  body { padding: 0 .75rem 1.5rem; }
  .top { padding: .75rem 0; }
  .search button { padding: .5rem .75rem; }
  .article h1 { font-size: 1.4rem; }
  .article-text { font-size: 1.05rem; }
}
)css";
  return kStyleSheet;
}

}  // namespace wadi::server
