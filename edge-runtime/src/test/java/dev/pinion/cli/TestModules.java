package dev.pinion.cli;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The committed test and demo modules, as files. */
final class TestModules {
    private TestModules() {}

    /** A module under src/test/resources/dev/pinion/cli/modules. */
    static Path test(String name) {
        return resource("modules/" + name);
    }

    /** A bundled demo module under src/main/resources/dev/pinion/cli/demo. */
    static Path demo(String name) {
        return resource("demo/" + name);
    }

    private static Path resource(String name) {
        try {
            var url = TestModules.class.getResource(name);
            if (url == null) throw new AssertionError("missing test resource " + name);
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }
}
