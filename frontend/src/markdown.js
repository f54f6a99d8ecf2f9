// Markdown in the browser (hints, solution explanations), rendered exactly as the server renders
// prompts and hints (app/web/templating.py): a hint shown on reload must read as it did when it
// was revealed. tests/web/test_markdown_parity.py renders the same cases on both sides.
import MarkdownIt from "markdown-it";

// The same line as the server's: CommonMark plus tables (no strikethrough, linkify or
// typographer), XHTML-style void tags, nesting capped at 20, and raw HTML escaped, because
// hint text reaches the browser through the API.
const markdown = new MarkdownIt("commonmark", { html: false }).enable("table");

export function renderMarkdown(text) {
  return markdown.render(text);
}
