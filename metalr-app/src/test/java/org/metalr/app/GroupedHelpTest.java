package org.metalr.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The fine-tuning commands' help lists every option once, in sections with headings, within 80 columns. */
class GroupedHelpTest {

    private static final Pattern OPTION = Pattern.compile("^ {2,6}(?:-\\w, )?(--[\\w-]+)");

    @ParameterizedTest
    @ValueSource(strings = {"finetune", "compare", "grid"})
    void everyOptionAppearsOnceUnderItsHeading(String command) {
        StringWriter out = new StringWriter();
        assertThat(Main.execute(new PrintWriter(out), new PrintWriter(new StringWriter()), command, "--help")).isZero();
        String help = out.toString();
        Map<String, List<String>> sections = sections(help);

        assertThat(sections.keySet()).containsSubsequence("Command", "Model and weights", "Data",
                "Method and optimisation", "Run", "Evaluation and output", "Help");
        assertThat(sections.get("Data")).contains("--data", "--dataset", "--folds", "--preset", "--dicom-window");
        assertThat(sections.get("Model and weights")).contains("--model", "--weights", "--strip-prefix");
        assertThat(sections.get("Method and optimisation")).contains("--lr", "--epochs");
        assertThat(sections.get("Run")).contains("--backend", "--threads", "--device");
        assertThat(sections.get("Evaluation and output")).contains("--nsd-tolerance", "--no-tensorboard");
        assertThat(sections.get("Command")).contains("--out");
        assertThat(sections.get("Help")).contains("--help", "--version");

        List<String> listed = sections.values().stream().flatMap(List::stream).toList();
        CommandLine cli = new CommandLine(new Main());
        List<String> declared = cli.getSubcommands().get(command).getCommandSpec().options().stream()
                .filter(o -> !o.hidden()).map(CommandLine.Model.OptionSpec::longestName).sorted().toList();
        assertThat(listed).doesNotHaveDuplicates();
        assertThat(listed.stream().sorted().toList()).isEqualTo(declared);
        assertThat(help.lines().filter(l -> l.length() > 80).collect(Collectors.toList())).isEmpty();
    }

    /** The options (longest names) under each heading of the option list. */
    private static Map<String, List<String>> sections(String help) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : help.lines().toList()) {
            if (line.matches("^[A-Z][\\w ]+:$")) {
                current = new ArrayList<>();
                out.put(line.substring(0, line.length() - 1), current);
            } else if (current != null) {
                Matcher m = OPTION.matcher(line);
                if (m.find()) {
                    current.add(longest(line));
                }
            }
        }
        return out;
    }

    /** The longest of the names a help line starts with ({@code -h, --help} gives {@code --help}). */
    private static String longest(String line) {
        String names = line.strip().split("(?<=\\S)(\\s{2,}|=)")[0];
        String best = "";
        for (String n : names.split(",\\s*")) {
            String name = n.strip().split("[=\\s\\[]")[0];
            if (name.length() > best.length()) {
                best = name;
            }
        }
        return best;
    }
}
