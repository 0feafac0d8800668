package dev.spool.security;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The BOM pins every library module of the build, at the build's version, and nothing else: a module
 * added to the build without its BOM entry fails here. Applications (and the README's snippet)
 * import it and name Spool's modules without versions.
 */
class BomTest {
    /** Modules that are not libraries an application depends on. */
    private static final List<String> NOT_LIBRARIES = List.of("spool-bom", "demo-app", "spool-spring-boot-example",
            "queue-bench", "reliability-tests", "security-tests", "dashboard-tests");

    @Test
    void theBomListsEveryLibraryModuleAtTheBuildsVersion() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Document parent = read(root.resolve("pom.xml"));
        Document bom = read(root.resolve("spool-bom/pom.xml"));
        String version = child(parent.getDocumentElement(), "version");
        assertThat(child(bom.getDocumentElement(), "version")).as("the BOM's version").isEqualTo(version);
        assertThat(bom.getElementsByTagName("parent").getLength()).as("no parent: it brings Spool's versions only").isZero();

        List<String> libraries = new ArrayList<>();
        NodeList modules = parent.getElementsByTagName("module");
        for (int i = 0; i < modules.getLength(); i++) {
            String m = modules.item(i).getTextContent().trim();
            if (!NOT_LIBRARIES.contains(m)) {
                libraries.add(m);
            }
        }
        List<String> pinned = new ArrayList<>();
        NodeList deps = bom.getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            assertThat(child(d, "groupId")).isEqualTo("dev.spool");
            assertThat(child(d, "version")).isEqualTo("${project.version}");
            pinned.add(child(d, "artifactId"));
        }
        assertThat(pinned).containsExactlyInAnyOrderElementsOf(libraries);
        assertThat(Files.readString(root.resolve("README.md"))).contains("<artifactId>spool-bom</artifactId>");
    }

    private static Document read(Path pom) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(pom.toFile());
    }

    private static String child(Element e, String name) {
        NodeList n = e.getChildNodes();
        for (int i = 0; i < n.getLength(); i++) {
            if (n.item(i) instanceof Element c && c.getTagName().equals(name)) {
                return c.getTextContent().trim();
            }
        }
        return null;
    }
}
