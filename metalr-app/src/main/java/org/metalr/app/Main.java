package org.metalr.app;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code metalr} command. Exit codes ({@link Failures}): 0 success; 2 bad usage or bad input; 1 a run
 * that diverged, a failure of the environment (a full disk, a folder that cannot be written, no memory
 * left) or an internal failure; 130 and 143 a run stopped by SIGINT or SIGTERM after writing its
 * checkpoint. Each failure is one line on standard error; {@code --verbose} adds the stack trace.
 */
@Command(name = "metalr", mixinStandardHelpOptions = true, version = "metalr " + Main.VERSION,
        description = "Fine-tunes pre-trained models with layer-wise learning rates learned online (MetaLR).",
        subcommands = {DemoCommand.class, FinetuneCommand.class, CompareCommand.class, GridCommand.class,
                PredictCommand.class, FeaturesCommand.class, InspectWeightsCommand.class, BackendsCommand.class,
                SmokeCommand.class, SlurmCommand.class, StudyCommand.class},
        footer = {"", "metalr bench [--quick] [--help]: iteration time and memory of both backends "
                + "(the metalr-bench module's runner)."})
public final class Main implements Runnable {

    /** The command's version. */
    public static final String VERSION = "0.1.0";

    /** Exit code of a bad command line or bad input. */
    public static final int BAD_INPUT = Failures.BAD_INPUT;
    /** Exit code of a failure that is not the user's input. */
    public static final int FAILURE = Failures.FAILURE;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Show stack traces of errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code. */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line with the given output streams and returns its exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return execute(new CommandLine(new Main()), out, err, args);
    }

    /**
     * Runs {@code cli}, a command line over a {@link Main} (with the subcommands it declares, and any a test
     * adds), with the command's handling of failures; returns the exit code.
     */
    static int execute(CommandLine cli, PrintWriter out, PrintWriter err, String... args) {
        Main main = cli.getCommand();
        GroupedOptionList.install(cli);
        cli.setOverwrittenOptionsAllowed(true);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, args2) -> {
            CommandLine where = ex.getCommandLine();
            String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage().strip();
            where.getErr().println("metalr: " + message.replace('\n', ' ') + " (see '"
                    + where.getCommandSpec().qualifiedName() + " --help')");
            if (main.verbose) {
                ex.printStackTrace(where.getErr());
            }
            where.getErr().flush();
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> report(ex, commandLine, main.verbose));
        try {
            return cli.execute(args);
        } catch (Error e) { // out of memory: picocli hands errors on
            return report(e, cli, main.verbose);
        }
    }

    /** Prints {@code ex} as its family's one line (and the stack trace if {@code verbose}); returns the exit code. */
    private static int report(Throwable ex, CommandLine commandLine, boolean verbose) {
        Failures family = Failures.of(ex);
        String line = family.line(ex);
        if (family == Failures.INTERRUPTED) {
            line += commandLine.getCommandName().equals("finetune")
                    ? "; continue it with the same command and --resume"
                    : "; run the same command again to continue";
        }
        commandLine.getErr().println("metalr: " + line);
        if (verbose) {
            ex.printStackTrace(commandLine.getErr());
        }
        commandLine.getErr().flush();
        return family.exitCode(ex);
    }
}
