package org.metalr.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.metalr.api.UserInputException;
import org.metalr.models.checkpoint.KeyMapping;
import picocli.CommandLine.Option;

/**
 * Pre-trained weights and how the checkpoint's keys map onto the model's names: {@code --weights}
 * and the key-mapping options. The rules apply in a fixed order whatever the order on the command
 * line: {@code --strip-prefix}, then every {@code --drop}, every {@code --rename}, every
 * {@code --map-by-order}, each kind in the order given; {@code --allow-missing} is not a renaming
 * step.
 */
@HelpSection("Model and weights")
final class WeightOptions {

    @Option(names = "--weights", paramLabel = "FILE",
            description = "pre-trained weights: a torch.save (.pth) or .safetensors file (default: none, seeded initialisation)")
    Path weights;

    @Option(names = "--strip-prefix", paramLabel = "PREFIX", description = "remove PREFIX from keys first (e.g. module.)")
    String stripPrefix;

    @Option(names = "--drop", paramLabel = "REGEX", description = "ignore checkpoint keys matching REGEX (repeatable)")
    List<String> drop = new ArrayList<>();

    @Option(names = "--rename", paramLabel = "REGEX=REPL",
            description = "rewrite matches of REGEX in keys to REPL ($1 for groups; repeatable)")
    List<String> rename = new ArrayList<>();

    @Option(names = "--map-by-order", paramLabel = "SRC=DST",
            description = "the n-th key matching SRC becomes the n-th model name matching DST (repeatable)")
    List<String> mapByOrder = new ArrayList<>();

    @Option(names = "--allow-missing", paramLabel = "REGEX",
            description = "model tensors matching REGEX may be absent and keep their initial values (repeatable)")
    List<String> allowMissing = new ArrayList<>();

    /** Whether {@code --weights} was given. */
    boolean given() {
        return weights != null;
    }

    /** The key mapping the options describe. */
    KeyMapping mapping() {
        KeyMapping m = KeyMapping.identity();
        if (stripPrefix != null) {
            if (stripPrefix.isEmpty()) {
                throw new UserInputException("--strip-prefix must not be empty");
            }
            m = m.stripPrefix(stripPrefix);
        }
        for (String regex : drop) {
            m = m.drop(regex("--drop", regex));
        }
        for (String pair : rename) {
            String[] p = pair("--rename", pair, "REGEX=REPL");
            m = m.rename(regex("--rename", p[0]), p[1]);
        }
        for (String pair : mapByOrder) {
            String[] p = pair("--map-by-order", pair, "SRC=DST");
            m = m.mapByOrder(regex("--map-by-order", p[0]), regex("--map-by-order", p[1]));
        }
        for (String regex : allowMissing) {
            m = m.allowMissing(regex("--allow-missing", regex));
        }
        return m;
    }

    private static String regex(String flag, String regex) {
        try {
            Pattern.compile(regex);
            return regex;
        } catch (PatternSyntaxException e) {
            throw new UserInputException(flag + " '" + regex + "' is not a regular expression: "
                    + e.getDescription());
        }
    }

    /** Splits {@code A=B} at the first {@code =} (a pattern that needs one can spell it {@code \x3D}). */
    private static String[] pair(String flag, String text, String form) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new UserInputException(flag + " expects " + form + ", got '" + text + "'");
        }
        return new String[] {text.substring(0, eq), text.substring(eq + 1)};
    }
}
