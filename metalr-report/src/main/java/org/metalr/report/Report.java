package org.metalr.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.metalr.api.io.AtomicFiles;

/**
 * A rendered report, in memory: the self-contained page, the pictures it embeds (also written as
 * files), and any text files that go with it (a comparison's Markdown and CSV tables). Immutable.
 *
 * @param html     the page
 * @param pictures the pictures, in page order
 * @param texts    further text files by file name
 */
public record Report(String html, List<Picture> pictures, Map<String, String> texts) {

    /** The page's file name. */
    public static final String PAGE = "report.html";

    public Report {
        Objects.requireNonNull(html, "html");
        pictures = List.copyOf(pictures);
        texts = Collections.unmodifiableMap(new LinkedHashMap<>(texts));
    }

    /**
     * Writes the pictures, the text files, then {@value #PAGE} into {@code dir}, each atomically, so a
     * page on disk never refers to a picture that is not yet there.
     *
     * @return the files written, the page last
     * @throws IOException naming the file that could not be written
     */
    public List<Path> writeTo(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Picture p : pictures) {
            out.addAll(p.writeTo(dir));
        }
        for (Map.Entry<String, String> t : texts.entrySet()) {
            Path file = dir.resolve(t.getKey());
            AtomicFiles.writeString(file, t.getValue());
            out.add(file);
        }
        Path page = dir.resolve(PAGE);
        AtomicFiles.writeString(page, html);
        out.add(page);
        return out;
    }
}
