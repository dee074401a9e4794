package org.metalr.report;

import java.util.Base64;
import java.util.List;

/**
 * Builds one self-contained HTML page: inline CSS, pictures embedded as {@code data:} URIs, no
 * scripts and no external references, so it opens anywhere without a network. Not thread-safe.
 */
final class Page {

    private static final String CSS = """
            :root { color-scheme: light; }
            * { box-sizing: border-box; }
            body { margin: 0; background: #eef0f3; color: #1f2328;
              font: 15px/1.5 "DejaVu Sans", "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
            main { max-width: 1260px; margin: 0 auto; padding: 28px 36px 56px; background: #fff; min-height: 100vh; }
            h1 { font-size: 26px; margin: 0 0 4px; }
            h2 { font-size: 20px; margin: 40px 0 12px; padding-bottom: 6px; border-bottom: 1px solid #dde1e6; }
            h3 { font-size: 16px; margin: 22px 0 8px; }
            p { margin: 6px 0 12px; }
            .sub { color: #57606a; margin: 0 0 18px; }
            nav { font-size: 14px; margin: 0 0 8px; }
            nav a { margin-right: 14px; color: #0b5cad; text-decoration: none; }
            table { border-collapse: collapse; margin: 6px 0 18px; font-variant-numeric: tabular-nums; }
            th, td { padding: 5px 12px; border-bottom: 1px solid #e5e8ec; text-align: left; vertical-align: top; }
            thead th { background: #f3f5f8; font-weight: 600; border-bottom: 1px solid #cfd5dc; }
            th.num, td.num { text-align: right; white-space: nowrap; }
            th.group { text-align: center; border-bottom: 1px solid #cfd5dc; }
            td.key { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; color: #333; }
            td.value { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px;
              word-break: break-all; max-width: 760px; }
            tr.selected td { background: #fff6d9; }
            td.marked { font-weight: 700; }
            tr.reference td { background: #f6f8fa; }
            td.diag { font-weight: 700; }
            figure { margin: 14px 0 28px; }
            figure img { display: block; max-width: 100%; height: auto; border: 1px solid #e5e8ec; }
            figcaption { color: #57606a; font-size: 13.5px; margin-top: 6px; }
            .badge { display: inline-block; padding: 0 9px; border-radius: 10px; font-size: 13px; font-weight: 600;
              background: #eaeef2; color: #333; }
            .badge.finished { background: #dcf3e3; color: #1a6332; }
            .badge.stopped { background: #fff1d6; color: #7a5200; }
            .badge.diverged { background: #fde2e2; color: #9b1c1c; }
            .note { background: #f6f8fa; border-left: 4px solid #c5ccd4; padding: 8px 14px; margin: 10px 0 16px; }
            .note.warn { background: #fff8e6; border-left-color: #e0a100; }
            .note.error { background: #fdecec; border-left-color: #d12d2d; }
            .muted { color: #6e7781; }
            ul { margin: 6px 0 12px; padding-left: 22px; }
            details summary { cursor: pointer; color: #0b5cad; margin: 6px 0; }
            footer { margin-top: 48px; color: #6e7781; font-size: 13px; }
            """;

    private final StringBuilder body = new StringBuilder();
    private final String title;

    Page(String title) {
        this.title = title;
    }

    Page raw(String html) {
        body.append(html);
        return this;
    }

    Page heading(int level, String id, String text) {
        body.append("<h").append(level);
        if (id != null) {
            body.append(" id=\"").append(Html.escape(id)).append('"');
        }
        body.append('>').append(Html.escape(text)).append("</h").append(level).append(">\n");
        return this;
    }

    Page paragraph(String text, String cssClass) {
        body.append("<p").append(cssClass == null ? "" : " class=\"" + cssClass + "\"").append('>')
                .append(Html.escape(text)).append("</p>\n");
        return this;
    }

    Page note(String text, String kind) {
        body.append("<div class=\"note").append(kind == null ? "" : " " + kind).append("\">").append(Html.escape(text))
                .append("</div>\n");
        return this;
    }

    Page list(List<String> items) {
        body.append("<ul>\n");
        for (String i : items) {
            body.append("<li>").append(Html.escape(i)).append("</li>\n");
        }
        body.append("</ul>\n");
        return this;
    }

    /** A picture as an {@code <img>} with a base64 {@code data:} URI, and its caption. */
    Page picture(Picture p) {
        body.append("<figure id=\"fig-").append(Html.escape(p.name())).append("\"><img src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(p.png())).append("\" width=\"").append(p.width())
                .append("\" height=\"").append(p.height()).append("\" alt=\"").append(Html.escape(p.caption()))
                .append("\" data-file=\"").append(Html.escape(p.pngName())).append("\">")
                .append("<figcaption>").append(Html.escape(p.caption())).append(" <span class=\"muted\">(")
                .append(Html.escape(p.pngName())).append(")</span></figcaption></figure>\n");
        return this;
    }

    /** The finished document. */
    String html(String footer) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                // No network: forbid every fetch, allow only inline styles and data: images.
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                + "style-src 'unsafe-inline'; img-src data:\">\n"
                + "<title>" + Html.escape(title) + "</title>\n<style>\n" + CSS + "</style>\n</head>\n<body>\n<main>\n"
                + body + "<footer>" + Html.escape(footer) + "</footer>\n</main>\n</body>\n</html>\n";
    }
}
