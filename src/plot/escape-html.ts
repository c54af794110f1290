/** Text made safe for HTML content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/**
 * Makes JavaScript safe to inline in a <script>: `</script` would end the element early, and `<!--` could
 * put the HTML parser in a state where the real `</script>` no longer does. `\x3C` means `<` in JS strings,
 * regular expressions (unicode ones included) and templates, the only places these sequences occur.
 */
export function escapeInlineScript(code: string): string {
  return code.replace(/<(?=\/script|!--)/gi, '\\x3C');
}
