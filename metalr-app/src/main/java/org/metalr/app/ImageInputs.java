package org.metalr.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.metalr.api.UserInputException;
import org.metalr.data.SeededRandom;
import org.metalr.data.image.ImageFormat;
import org.metalr.data.image.ImagePipeline;

/** The images a command is given: files, and folders searched for images. */
final class ImageInputs {

    private ImageInputs() {}

    /**
     * Each given file as it is, and the PNG, JPEG, BMP and DICOM files under each given folder (recursively,
     * hidden files and folders left out, sorted by path), in the order given.
     *
     * @throws UserInputException naming {@code --images} and the path if a path does not exist or a folder
     *     cannot be listed, or if nothing is found
     */
    static List<Path> list(List<Path> given) {
        List<Path> out = new ArrayList<>();
        for (Path p : given) {
            if (!Files.exists(p)) {
                throw new UserInputException("--images: no such file or folder: " + p);
            }
            if (!Files.isDirectory(p)) {
                out.add(p);
                continue;
            }
            try (Stream<Path> walk = Files.walk(p)) {
                walk.filter(Files::isRegularFile)
                        .filter(f -> !hidden(p, f))
                        .filter(f -> ImageFormat.EXTENSIONS.contains(extension(f)))
                        .sorted()
                        .forEach(out::add);
            } catch (IOException | java.io.UncheckedIOException e) {
                throw new UserInputException("--images: cannot list " + p + ": " + e.getMessage(), e);
            }
        }
        if (out.isEmpty()) {
            throw new UserInputException("--images: no PNG, JPEG, BMP or DICOM images in " + given);
        }
        return out;
    }

    /**
     * One image through the deterministic pipeline (decode, with the pipeline's DICOM window; resize,
     * normalise), {@code [C, H, W]}.
     *
     * @throws org.metalr.data.BadInputException naming the file if it is not a decodable image
     */
    static float[] load(Path file, ImagePipeline pipeline) {
        // Without augmentation the pipeline draws nothing from the generator.
        return pipeline.withoutAugmentation().apply(pipeline.decode(file), new SeededRandom(0)).data();
    }

    private static boolean hidden(Path root, Path file) {
        for (Path part : root.relativize(file)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
