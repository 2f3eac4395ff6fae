package dev.autotune4j.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * The runtime's logger: SLF4J, except that warnings and errors reach stderr when the application has no SLF4J
 * provider. Why: without one SLF4J drops everything, and a user would never see "unknown mode 'tunee'", a bad
 * setting, an exhausted budget or a cache file that loads nothing. Progress (info, debug) needs a provider.
 */
public final class Log {
    private static final boolean NO_PROVIDER = noProvider();
    private final Logger delegate;

    private Log(Logger delegate) {
        this.delegate = delegate;
    }

    public static Log get(Class<?> type) {
        return new Log(LoggerFactory.getLogger(type));
    }

    private static boolean noProvider() {
        try {
            return LoggerFactory.getILoggerFactory() instanceof NOPLoggerFactory;
        } catch (RuntimeException | LinkageError e) {
            return true;
        }
    }

    public void debug(String format, Object... args) {
        delegate.debug(format, args);
    }

    public void info(String format, Object... args) {
        delegate.info(format, args);
    }

    public void warn(String format, Object... args) {
        if (NO_PROVIDER) {
            stderr("WARN", format, args);
        } else {
            delegate.warn(format, args);
        }
    }

    public void error(String format, Object... args) {
        if (NO_PROVIDER) {
            stderr("ERROR", format, args);
        } else {
            delegate.error(format, args);
        }
    }

    private static void stderr(String level, String format, Object[] args) {
        FormattingTuple t = MessageFormatter.arrayFormat(format, args);
        System.err.println("[" + level + "] " + t.getMessage() + (t.getThrowable() != null ? " (" + t.getThrowable() + ")" : ""));
    }
}
