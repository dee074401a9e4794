package org.metalr.data.image;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.metalr.data.BadInputException;
import org.metalr.data.LabelledSet;
import org.metalr.data.Sample;
import org.metalr.data.ScanOptions;

/**
 * torchvision's {@code ImageFolder} layout: {@code root/<class>/**.png}. Classes are the sub-folders
 * in sorted name order; each class folder is searched recursively and its images listed sorted by
 * folder path, then file name, as torchvision lists them.
 *
 * <p>Files with an image extension ({@code png, jpg, jpeg, bmp, dcm, dicom}, any case) are samples. Files
 * with the extension of an image format not decoded here ({@code gif, tif, webp, ...}) and empty class
 * folders are bad inputs. Other files (text, hidden files such as {@code .DS_Store}, files beside the
 * class folders, {@code __MACOSX} folders) are not samples and are recorded as ignored.
 */
public final class ImageFolder {

    private ImageFolder() {
    }

    /**
     * Scans {@code root}, taking its sub-folders as the classes.
     *
     * @throws BadInputException if {@code root} is not a folder or has no class folder; under
     *                           {@link org.metalr.data.BadInputPolicy#FAIL} also for an empty class
     *                           folder or an unsupported image file (and, under
     *                           {@link org.metalr.data.BadInputPolicy#SKIP}, bad images are skipped
     *                           after a decode)
     */
    public static LabelledSet scan(Path root, ScanOptions options) {
        return scan(root, null, name -> null, options);
    }

    /**
     * Scans {@code root} against a fixed class list (e.g. the training classes, for a validation or
     * test folder): a class may be absent; a folder naming no class in the list is a bad input.
     *
     * @throws BadInputException as {@link #scan(Path, ScanOptions)}, and for a folder outside {@code classes}
     */
    public static LabelledSet scan(Path root, List<String> classes, ScanOptions options) {
        return scan(root, classes, name -> null, options);
    }

    /**
     * The general scan.
     *
     * @param classes    the class list, or null to take the sorted sub-folder names
     * @param notASample gives the reason a file name is not a sample by design (e.g. a mask), or null
     */
    static LabelledSet scan(Path root, List<String> classes, Function<String, String> notASample, ScanOptions options) {
        requireFolder(root);
        List<Path> folders = new ArrayList<>();
        for (Path child : list(root)) {
            String name = child.getFileName().toString();
            if (isHiddenOrArchiveJunk(name)) {
                options.report().ignored(child, "hidden or archive metadata");
            } else if (Files.isDirectory(child)) {
                folders.add(child);
            } else {
                options.report().ignored(child, "not in a class folder");
            }
        }
        List<String> names = classes;
        if (names == null) {
            names = folders.stream().map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
            if (names.isEmpty()) {
                throw new BadInputException(root, "no class folders (expected one sub-folder per class)");
            }
        }
        for (Path folder : folders) {
            String name = folder.getFileName().toString();
            if (!names.contains(name)) {
                options.reject(new BadInputException(folder, "class folder '" + name + "' is not one of the classes " + names));
            }
        }
        List<Sample> samples = new ArrayList<>();
        for (int label = 0; label < names.size(); label++) {
            Path folder = root.resolve(names.get(label));
            if (!Files.isDirectory(folder)) {
                continue;
            }
            List<Path> images = imagesIn(folder, notASample, options);
            if (images.isEmpty()) {
                options.reject(new BadInputException(folder, "empty class folder '" + names.get(label)
                        + "': no PNG, JPEG, BMP or DICOM images"));
            }
            for (Path image : images) {
                samples.add(new Sample(image, label));
            }
        }
        return new LabelledSet(names, ImageValidator.keepDecodable(samples, options));
    }

    /** The image files under a class folder, in torchvision's order; other files are reported. */
    static List<Path> imagesIn(Path folder, Function<String, String> notASample, ScanOptions options) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder, FileVisitOption.FOLLOW_LINKS)) {
            files = walk.filter(p -> !p.equals(folder)).collect(Collectors.toList());
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(folder, "cannot list folder (" + e + ")", e);
        }
        List<Path> images = new ArrayList<>();
        for (Path file : files) {
            if (Files.isDirectory(file) || insideHidden(folder, file)) {
                continue;
            }
            String name = file.getFileName().toString();
            String ext = ImageFormat.extension(name);
            String reason = notASample.apply(name);
            if (isHiddenOrArchiveJunk(name)) {
                options.report().ignored(file, "hidden or archive metadata");
            } else if (reason != null) {
                options.report().ignored(file, reason);
            } else if (ImageFormat.EXTENSIONS.contains(ext)) {
                images.add(file);
            } else if (ImageFormat.UNSUPPORTED_EXTENSIONS.contains(ext)) {
                options.reject(new BadInputException(file, "unsupported image format ." + ext + " (supported: PNG, JPEG, BMP, DICOM)"));
            } else {
                options.report().ignored(file, "not an image file");
            }
        }
        images.sort(Comparator.comparing((Path p) -> relativeParent(folder, p)).thenComparing(p -> p.getFileName().toString()));
        return images;
    }

    /** Files inside hidden or archive-metadata sub-folders are left out with their folder. */
    private static boolean insideHidden(Path folder, Path file) {
        Path rel = folder.relativize(file.getParent());
        for (Path part : rel) {
            if (isHiddenOrArchiveJunk(part.toString())) {
                return true;
            }
        }
        return false;
    }

    private static String relativeParent(Path folder, Path file) {
        Path rel = folder.relativize(file.getParent());
        StringBuilder sb = new StringBuilder();
        for (Path part : rel) {
            sb.append('/').append(part);
        }
        return sb.toString();
    }

    static boolean isHiddenOrArchiveJunk(String name) {
        return name.startsWith(".") || name.equals("__MACOSX") || name.equalsIgnoreCase("Thumbs.db");
    }

    static void requireFolder(Path root) {
        if (!Files.exists(root)) {
            throw new BadInputException(root, "no such folder");
        }
        if (!Files.isDirectory(root)) {
            throw new BadInputException(root, "not a folder");
        }
    }

    /**
     * The entries of a folder, sorted by name; empty if it is not a readable folder. For recognising
     * layouts, which must not fail.
     */
    static List<Path> listQuietly(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try {
            return list(folder);
        } catch (BadInputException e) {
            return List.of();
        }
    }

    /** The visible sub-folders of a folder, sorted by name; empty if it is not a readable folder. */
    static List<Path> subfoldersQuietly(Path folder) {
        return listQuietly(folder).stream()
                .filter(p -> Files.isDirectory(p) && !isHiddenOrArchiveJunk(p.getFileName().toString()))
                .collect(Collectors.toList());
    }

    /** Whether some visible sub-folder of {@code root} holds an image file of its own. Never fails. */
    static boolean hasClassFolders(Path root) {
        for (Path folder : subfoldersQuietly(root)) {
            for (Path file : listQuietly(folder)) {
                if (ImageFormat.EXTENSIONS.contains(ImageFormat.extension(file.getFileName().toString()))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The entries of a folder, sorted by name. */
    static List<Path> list(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted(Comparator.comparing(p -> p.getFileName().toString())).collect(Collectors.toList());
        } catch (IOException e) {
            throw new BadInputException(folder, "cannot list folder (" + e + ")", e);
        }
    }
}
