package org.metalr.app;

import java.io.PrintWriter;
import org.metalr.train.TrainingDivergedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code metalr} command. Exit codes: 0 success, 2 bad usage or bad input (one line, no stack
 * trace unless {@code --verbose}), 1 a run that diverged (one line) or an internal failure.
 */
@Command(name = "metalr", mixinStandardHelpOptions = true, version = "metalr " + Main.VERSION,
        description = "Fine-tunes pre-trained models with layer-wise learning rates learned online (MetaLR).",
        subcommands = {DemoCommand.class, FinetuneCommand.class, CompareCommand.class, GridCommand.class,
                PredictCommand.class, FeaturesCommand.class, InspectWeightsCommand.class, BackendsCommand.class,
                SmokeCommand.class},
        footer = {"", "metalr bench [--quick] [--help]: iteration time and memory of both backends "
                + "(the metalr-bench module's runner)."})
public final class Main implements Runnable {

    /** The command's version. */
    public static final String VERSION = "0.1.0";

    /** Exit code of a bad command line or bad input. */
    public static final int BAD_INPUT = 2;
    /** Exit code of an internal failure. */
    public static final int FAILURE = 1;

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
        Main main = new Main();
        CommandLine cli = new CommandLine(main);
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
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean badInput = BadInput.is(ex);
            boolean diverged = ex instanceof TrainingDivergedException;
            commandLine.getErr().println("metalr: " + (badInput || diverged ? "" : "internal error: ")
                    + BadInput.message(ex));
            if (main.verbose) {
                ex.printStackTrace(commandLine.getErr());
            } else if (!badInput && !diverged) {
                commandLine.getErr().println("metalr: run again with --verbose for the stack trace");
            }
            commandLine.getErr().flush();
            return badInput ? BAD_INPUT : FAILURE;
        });
        return cli.execute(args);
    }
}
