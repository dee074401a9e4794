package org.metalr.app;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A command's option list in sections with headings: each mixin annotated with {@link HelpSection}
 * (nested mixins included) gives its options to its section, the command's own options come first
 * under "Command", and the help and version options last. Parsing is untouched: the mixins stay
 * mixins (picocli's {@code ArgGroup}s would leave a group's object null when none of its options is
 * given), only the usage text is arranged.
 */
final class GroupedOptionList implements CommandLine.IHelpSectionRenderer {

    private static final String OWN = "Command";
    private static final String HELP = "Help";

    /** Arranges the help of every subcommand of {@code cli} that has a {@link HelpSection} mixin. */
    static void install(CommandLine cli) {
        for (CommandLine sub : cli.getSubcommands().values()) {
            if (hasSections(sub.getCommandSpec())) {
                sub.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING,
                        help -> "");
                sub.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST,
                        new GroupedOptionList());
            }
        }
    }

    private static boolean hasSections(CommandSpec spec) {
        for (CommandSpec mixin : spec.mixins().values()) {
            if (heading(mixin) != null || hasSections(mixin)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String render(Help help) {
        CommandSpec spec = help.commandSpec();
        Map<String, List<OptionSpec>> sections = new LinkedHashMap<>();
        sections.put(OWN, new ArrayList<>());
        Set<String> placed = new HashSet<>();
        collect(spec, sections, placed);
        List<OptionSpec> helpOptions = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            if (o.hidden() || placed.contains(o.longestName())) {
                continue;
            }
            (o.usageHelp() || o.versionHelp() ? helpOptions : sections.get(OWN)).add(o);
        }
        sections.put(HELP, helpOptions);
        StringBuilder out = new StringBuilder();
        sections.forEach((heading, options) -> {
            if (!options.isEmpty()) {
                Help.Layout layout = help.createDefaultLayout();
                layout.addOptions(options, help.parameterLabelRenderer());
                out.append("\n").append(heading).append(":\n").append(layout);
            }
        });
        return out.toString();
    }

    /** Puts the options of {@code spec}'s mixins, deepest first, under their mixins' headings. */
    private static void collect(CommandSpec spec, Map<String, List<OptionSpec>> sections, Set<String> placed) {
        for (CommandSpec mixin : spec.mixins().values()) {
            collect(mixin, sections, placed);
            String heading = heading(mixin);
            if (heading == null) {
                continue;
            }
            for (OptionSpec o : mixin.options()) {
                if (!o.hidden() && placed.add(o.longestName())) {
                    sections.computeIfAbsent(heading, h -> new ArrayList<>()).add(o);
                }
            }
        }
    }

    private static String heading(CommandSpec mixin) {
        Object user = mixin.userObject();
        HelpSection section = user == null ? null : user.getClass().getAnnotation(HelpSection.class);
        return section == null ? null : section.value();
    }
}
