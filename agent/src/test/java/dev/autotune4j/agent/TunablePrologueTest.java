package dev.autotune4j.agent;

import dev.autotune4j.api.Mode;
import dev.autotune4j.dispatch.AutoTuner;
import org.junit.jupiter.api.AfterEach;
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
 * and defined in a fresh class loader; its {@code @Tunable} method then dispatches through the runtime.
 */
class TunablePrologueTest {
    private static final String APP = "dev.autotune4j.testapp.ScaleApp";

    @AfterEach
    void restore() {
        AutoTuner.get().setMode(Mode.REPLAY);
    }

    /** Defines the rewritten application class; everything else comes from the test's loader. */
    static final class RewritingLoader extends ClassLoader {
        RewritingLoader() {
            super(TunablePrologueTest.class.getClassLoader());
        }

        byte[] original(String name) throws IOException {
            try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                return in.readAllBytes();
            }
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(APP)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try {
                        byte[] bytes = original(name);
                        byte[] rewritten = TunableTransformer.create().transform(this, name.replace('.', '/'), null, null, bytes);
                        assertNotNull(rewritten, "the transformer did not rewrite " + name);
                        c = defineClass(name, rewritten, 0, rewritten.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                return c;
            }
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
        Class<?> app = new RewritingLoader().loadClass(APP);
        // ScaleApp's variants tell which one ran by computing another answer: the answer check would reject them
        AutoTuner.get().setCheckAnswers(false);
        try {
            AutoTuner.get().setMode(Mode.OFF);
            assertEquals(800, work(app, 100), "off: the body (8 passes)");
            AutoTuner.get().setMode(Mode.TUNE);
            assertEquals(100, work(app, 100), "tune: the fastest tactic (FAST, 1 pass)");
            AutoTuner.get().setMode(Mode.REPLAY);
            assertEquals(1000, work(app, 1000), "replay: the tuned choice");
            assertEquals(100, work(app, 100), "replay of a tuned shape");
        } finally {
            AutoTuner.get().setCheckAnswers(true);
        }
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
