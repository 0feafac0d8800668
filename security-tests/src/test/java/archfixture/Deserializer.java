package archfixture;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;

/** Breaks the rules on purpose (outside dev.spool): proves ArchitectureTest's rules can fail. */
public final class Deserializer {
    private Deserializer() {
    }

    /** Deserializes bytes and loads a class by a name taken from them: both forbidden in dev.spool. */
    public static Object read(byte[] data) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data))) {
            Object o = in.readObject();
            return Class.forName(String.valueOf(o));
        }
    }
}
