package org.metalr.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.metalr.api.io.AtomicFiles;

/**
 * A rendered picture: PNG bytes, and for line charts that people may put in a paper, SVG bytes too.
 * Holds its bytes in memory (tens to hundreds of kilobytes); the arrays are not copied, so treat
 * them as read-only.
 *
 * @param name    the file stem ({@code lr_curves}): written as {@code name.png} and {@code name.svg}
 * @param caption one line saying what the picture shows
 * @param png     PNG bytes
 * @param svg     SVG bytes; null for pictures without a vector form
 * @param width   pixels
 * @param height  pixels
 */
public record Picture(String name, String caption, byte[] png, byte[] svg, int width, int height) {

    public Picture {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(caption, "caption");
        Objects.requireNonNull(png, "png");
        if (name.isBlank() || name.contains("/") || name.contains("\\")) {
            throw new IllegalArgumentException("picture name '" + name + "' is not a plain file stem");
        }
    }

    /** The PNG's file name. */
    public String pngName() {
        return name + ".png";
    }

    /**
     * Writes {@code name.png} (and {@code name.svg}) into {@code dir}, each atomically.
     *
     * @return the files written
     * @throws IOException naming the file if one cannot be written
     */
    public List<Path> writeTo(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        Path p = dir.resolve(pngName());
        AtomicFiles.write(p, png);
        out.add(p);
        if (svg != null) {
            Path s = dir.resolve(name + ".svg");
            AtomicFiles.write(s, svg);
            out.add(s);
        }
        return out;
    }
}
