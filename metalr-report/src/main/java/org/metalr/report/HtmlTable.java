package org.metalr.report;

import java.util.ArrayList;
import java.util.List;

/**
 * An HTML table under construction: a header row (with optional grouped header cells above it) and
 * body rows; cells are escaped text, numeric cells right-aligned. Not thread-safe.
 */
final class HtmlTable {

    /** A cell: its text, whether it is numeric, an extra CSS class (or null), and a link (or null). */
    record Cell(String text, boolean numeric, String cssClass, String href) {
        Cell(String text, boolean numeric, String cssClass) {
            this(text, numeric, cssClass, null);
        }

        static Cell text(String s) {
            return new Cell(s, false, null);
        }

        static Cell num(String s) {
            return new Cell(s, true, null);
        }

        /** Text linking to {@code href}, a relative path to a local file. */
        static Cell link(String s, String href) {
            return new Cell(s, false, null, href);
        }
    }

    private final String id;
    private final String cssClass;
    private final List<String> groupRow = new ArrayList<>();
    private final List<Cell> header = new ArrayList<>();
    private final List<List<Cell>> rows = new ArrayList<>();
    private final List<String> rowClasses = new ArrayList<>();

    HtmlTable(String id, String cssClass) {
        this.id = id;
        this.cssClass = cssClass;
    }

    /** A grouping header cell spanning {@code span} columns ({@code text} may be empty). */
    HtmlTable group(String text, int span) {
        groupRow.add("<th colspan=\"" + span + "\" class=\"group\">" + Html.escape(text) + "</th>");
        return this;
    }

    HtmlTable header(String text, boolean numeric) {
        header.add(new Cell(text, numeric, null));
        return this;
    }

    HtmlTable row(List<Cell> cells, String rowClass) {
        rows.add(List.copyOf(cells));
        rowClasses.add(rowClass);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    String html() {
        StringBuilder out = new StringBuilder("<table");
        if (id != null) {
            out.append(" id=\"").append(Html.escape(id)).append('"');
        }
        if (cssClass != null) {
            out.append(" class=\"").append(cssClass).append('"');
        }
        out.append(">\n<thead>\n");
        if (!groupRow.isEmpty()) {
            out.append("<tr>").append(String.join("", groupRow)).append("</tr>\n");
        }
        out.append("<tr>");
        for (Cell h : header) {
            out.append("<th").append(h.numeric ? " class=\"num\"" : "").append('>').append(Html.escape(h.text))
                    .append("</th>");
        }
        out.append("</tr>\n</thead>\n<tbody>\n");
        for (int r = 0; r < rows.size(); r++) {
            out.append("<tr").append(rowClasses.get(r) == null ? "" : " class=\"" + rowClasses.get(r) + "\"").append('>');
            for (Cell c : rows.get(r)) {
                String cls = (c.numeric ? "num" : "") + (c.cssClass == null ? "" : (c.numeric ? " " : "") + c.cssClass);
                out.append("<td").append(cls.isEmpty() ? "" : " class=\"" + cls + "\"").append('>');
                if (c.href != null) {
                    out.append("<a href=\"").append(Html.escape(c.href)).append("\">").append(Html.escape(c.text))
                            .append("</a>");
                } else {
                    out.append(Html.escape(c.text));
                }
                out.append("</td>");
            }
            out.append("</tr>\n");
        }
        return out.append("</tbody>\n</table>\n").toString();
    }
}
