package org.metalr.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code metalr} command. Exit codes: 0 success, 2 bad usage or input, 1 internal failure. */
@Command(name = "metalr", mixinStandardHelpOptions = true, version = "metalr 0.1.0",
        description = "Fine-tunes pre-trained models with layer-wise learning rates learned online (MetaLR).",
        subcommands = {SmokeCommand.class})
public final class Main implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code. */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof IllegalArgumentException) {
                commandLine.getErr().println("metalr: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cli.execute(args);
    }
}
