package io.tiercache.client.cli;

import io.tiercache.client.TierCacheException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * {@code tiercache purge|revalidate|warm|stats}: the admin API from a shell, a deploy script or a
 * CI job. Failures are one line on stderr and an exit code, never a stack trace, so that scripts
 * can show them as they are.
 */
@Command(name = "tiercache",
        description = "Purges, revalidates and warms a tiercache cluster through any node's admin API.",
        synopsisSubcommandLabel = "COMMAND",
        usageHelpAutoWidth = true,
        subcommands = {PurgeCommand.class, RevalidateCommand.class, WarmCommand.class, StatsCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {
                "  0  done",
                "  1  the node refused or failed, or could not be reached",
                "  2  usage error",
                "  3  done in part: a node did not acknowledge, or a URL failed to fetch"})
public final class TierCacheCli {

    static final int DONE = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int PARTLY_DONE = 3;

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests run it in-process with their own out and err writers. */
    public static CommandLine commandLine() {
        return new CommandLine(new TierCacheCli())
                .setParameterExceptionHandler(TierCacheCli::usageError)
                .setExecutionExceptionHandler(TierCacheCli::failure);
    }

    private static int usageError(CommandLine.ParameterException error, String[] args) {
        String command = error.getCommandLine().getCommandSpec().qualifiedName();
        error.getCommandLine().getErr().println("tiercache: " + error.getMessage() + " (see '" + command + " --help')");
        return USAGE;
    }

    private static int failure(Exception failure, CommandLine command, CommandLine.ParseResult parsed) {
        PrintWriter err = command.getErr();
        if (failure instanceof TierCacheException answer) {
            err.println("tiercache: " + answer.getMessage());
            return FAILED;
        }
        if (failure instanceof IllegalArgumentException invalid) {
            // Thrown when a request record is built from the options: a usage error, found a step later.
            err.println("tiercache: " + invalid.getMessage() + " (see '" + command.getCommandSpec().qualifiedName()
                    + " --help')");
            return USAGE;
        }
        err.println("tiercache: " + failure);
        return FAILED;
    }
}
