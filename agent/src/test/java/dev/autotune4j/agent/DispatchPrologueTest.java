package dev.autotune4j.agent;

import dev.autotune4j.api.Mode;
import dev.autotune4j.dispatch.AutoTuner;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The rewriting itself, in this JVM: a test application's class is passed through the agent's transformer
 * and defined in a fresh class loader; its {@code @Tunable} method then dispatches through the runtime. The loader
 * holds its own copy of the runtime, as a second application in one JVM would, so the test sets the mode of that
 * copy's process tuner and leaves this JVM's alone.
 */
class DispatchPrologueTest {
    private static final String APP = "dev.autotune4j.testapp.ScaleApp";

    /**
     * Defines the rewritten application class, and the runtime and test classes it reaches, itself (child first);
     * the JDK and the libraries come from the test's loader.
     */
    static final class RewritingLoader extends ClassLoader {
        RewritingLoader() {
            super(DispatchPrologueTest.class.getClassLoader());
        }

        byte[] original(String name) throws IOException {
            try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                return in.readAllBytes();
            }
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("dev.autotune4j.") || name.startsWith("dev.autotune4j.agent.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try {
                        byte[] bytes = original(name);
                        if (name.equals(APP)) {
                            bytes = TunableTransformer.create().transform(this, name.replace('.', '/'), null, null, bytes);
                            assertNotNull(bytes, "the transformer did not rewrite " + name);
                        }
                        c = defineClass(name, bytes, 0, bytes.length);
                    } catch (IOException | NullPointerException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                return c;
            }
        }

        /** Calls a method of this loader's own process tuner ({@code AutoTuner.get()}). */
        void tuner(String method, Object argument) throws ReflectiveOperationException {
            Class<?> tuner = loadClass("dev.autotune4j.dispatch.AutoTuner");
            Object process = tuner.getMethod("get").invoke(null);
            Class<?> type = argument instanceof Boolean ? boolean.class : loadClass("dev.autotune4j.api.Mode");
            Object value = argument instanceof String mode ? type.getMethod("valueOf", String.class).invoke(null, mode) : argument;
            tuner.getMethod(method, type).invoke(process, value);
        }
    }

    private static double work(Class<?> app, int size) throws Exception {
        Method work = app.getMethod("work", float[].class);
        float[] ones = new float[size];
        Arrays.fill(ones, 1f);
        return (double) work.invoke(null, (Object) ones);
    }

    @Test
    void rewrittenMethodDispatchesByMode() throws Exception {
        RewritingLoader loader = new RewritingLoader();
        Class<?> app = loader.loadClass(APP);
        // ScaleApp's variants tell which one ran by computing another answer: the answer check would reject them
        loader.tuner("setCheckAnswers", false);
        loader.tuner("setMode", "OFF");
        assertEquals(800, work(app, 100), "off: the body (8 passes)");
        loader.tuner("setMode", "TUNE");
        assertEquals(100, work(app, 100), "tune: the fastest tactic (FAST, 1 pass)");
        loader.tuner("setMode", "REPLAY");
        assertEquals(1000, work(app, 1000), "replay: the tuned choice");
        assertEquals(100, work(app, 100), "replay of a tuned shape");
        assertEquals(Mode.REPLAY, AutoTuner.get().mode(), "this JVM's own tuner was not touched");
        assertEquals(0, AutoTuner.get().choices().size());
    }

    @Test
    void classFormatIsUnchanged() throws Exception {
        RewritingLoader loader = new RewritingLoader();
        Class<?> rewritten = loader.loadClass(APP);
        Class<?> original = Class.forName(APP);
        assertEquals(signatures(original.getDeclaredMethods()), signatures(rewritten.getDeclaredMethods()));
        assertEquals(Arrays.stream(original.getDeclaredFields()).map(Field::toString).sorted().toList(),
                Arrays.stream(rewritten.getDeclaredFields()).map(Field::toString).sorted().toList());
    }

    @Test
    void classesWithoutTunableAreNotTouched() throws Exception {
        RewritingLoader loader = new RewritingLoader();
        byte[] bytes = loader.original(ChildJvm.class.getName());
        assertNull(TunableTransformer.create().transform(loader, ChildJvm.class.getName().replace('.', '/'), null, null, bytes));
        assertNull(TunableTransformer.create().transform(loader, "java/lang/Thing", null, null, new byte[0]));
    }

    private static List<String> signatures(Method[] methods) {
        return Arrays.stream(methods).map(m -> m.getName() + Arrays.toString(m.getParameterTypes()) + m.getReturnType())
                .sorted().toList();
    }
}
