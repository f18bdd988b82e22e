package dev.orion.host.server;

import java.util.List;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Markdown (CommonMark with GitHub's tables) as HTML the web UI may insert as is: raw HTML in the
 * markdown is escaped, so a {@code <script>} or an {@code onerror=} shows as text and never runs,
 * and links and images to {@code javascript:} and other unsafe schemes are dropped. Thread-safe.
 */
public final class MarkdownHtml {

    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().extensions(EXTENSIONS)
            .escapeHtml(true).sanitizeUrls(true).build();

    private MarkdownHtml() {
    }

    /** The markdown rendered; null gives an empty string. */
    public static String render(String markdown) {
        return markdown == null ? "" : RENDERER.render(PARSER.parse(markdown));
    }
}
