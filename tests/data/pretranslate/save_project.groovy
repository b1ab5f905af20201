// Runs inside OmegaT 3.6 (`--mode=console-translate --script=THIS PROJECT`), on the project's
// LOAD event: enters a translation for every segment found in the tab-separated file named by
// $OMT_PAIRS (source<TAB>target), as a translator typing it would (OmegaT records the user and
// the time), then saves the project, so that omegat/project_save.tmx is written by OmegaT's
// own writer (ProjectTMX.save). tests/test_pretranslate.py imports that file as a memory.
import org.omegat.core.Core
import org.omegat.core.data.PrepareTMXEntry
if (eventType.toString() != "LOAD") {
    return "skip " + eventType
}
def pairs = [:]
new File(System.getenv("OMT_PAIRS")).eachLine("UTF-8") { line ->
    def parts = line.split("\t")
    if (parts.length == 2) pairs[parts[0]] = parts[1]
}
def project = Core.getProject()
def done = 0
for (entry in project.getAllEntries()) {
    def target = pairs[entry.getSrcText()]
    if (target != null) {
        def tr = new PrepareTMXEntry()
        tr.source = entry.getSrcText()
        tr.translation = target
        project.setTranslation(entry, tr, true, null)
        done++
    }
}
// RealProject.saveProject also refreshes the GUI's menu, which console mode lacks; it writes
// the file through ProjectTMX.save, called here the same way (omegat/project_save.tmx).
def field = org.omegat.core.data.RealProject.class.getDeclaredField("projectTMX")
field.setAccessible(true)
def properties = project.getProjectProperties()
field.get(project).save(properties, properties.getProjectInternal() + "project_save.tmx", true)
return "saved " + done
