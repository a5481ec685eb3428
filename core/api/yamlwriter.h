// JSON values -> YAML text, byte for byte as `kubectl get -o yaml` prints them.
//
// kubectl prints with sigs.k8s.io/yaml: the object goes to JSON, go-yaml v2 reads that JSON back into
// untyped values and marshals them. The output is therefore go-yaml v2's encoder (which style a value
// asks for) on top of its emitter (a port of libyaml's: indentation, quoting, line folding). yaml-cpp's
// emitter lays text out differently (indented sequences, its own quoting and no folding), so both are
// written here by hand, following go-yaml v2.4's encode.go, sorter.go and emitterc.go:
//  - mapping keys in go-yaml's order: runs of digits compare as numbers and letters sort after other
//    characters ("a2" < "a10", "_x" < "Ax"); see keyLess();
//  - 2-space indentation; a sequence inside a mapping starts at the key's column ("containers:\n- name");
//  - a string that would read back as another type is double-quoted ("8080", "true", "yes", "null", "",
//    "1.5", "2001-12-14", "1:20"); one that plain style cannot hold ("a: b", "- x", "*", " x", "#x") is
//    single-quoted; one with characters YAML cannot print raw (tabs, control characters, characters
//    beyond U+FFFF) is double-quoted with escapes ("\t", "\U0001F600");
//  - strings with a line break are literal blocks: "|" when they end with one newline, "|-" with none,
//    "|+" with more, with an indentation indicator ("|2-") when they start with a space;
//  - long plain and quoted strings fold at spaces past column 80, continuing 2 columns deeper;
//  - empty mappings and sequences print as {} and [], null as null, booleans as true/false;
//  - a number prints as JSON-then-go-yaml gives it: integral values as integers ("3", never "3.0"),
//    others in Go's shortest %g form with a 6-digit exponent threshold ("0.5", "1.5e-07", "1.2345675e+06");
//  - keys longer than 128 bytes, or with a line break, use the explicit "? key\n: value" form.
// Deliberate differences, so that YamlReader reads every output back to the identical JSON:
//  - a "<<" mapping key is double-quoted (go-yaml prints it plain, which reads back as a merge key);
//  - U+2028 and U+2029 are escaped ("\L", "\P") instead of being written raw as line breaks.
// NaN and infinity, which JSON cannot hold but a QJsonValue can, print as .nan, .inf and -.inf.
//
// Stateless; every function may be called from any thread.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QStringView>

namespace tugboat::api {

class YamlWriter {
public:
    // One document, ending with a newline.
    static QByteArray write(const QJsonValue &value);
    static QByteArray write(const QJsonObject &object) { return write(QJsonValue(object)); }

    // Several documents, each as write() prints it, separated by "---\n".
    static QByteArray writeAll(const QList<QJsonObject> &objects);

    // go-yaml v2's order of mapping keys (sorter.go, for string keys). It is not a total order for every
    // key set ("001" < "0a" < "1" < "001"); there go-yaml's result depends on Go's random map iteration
    // order, so kubectl's output varies from run to run, while this writer's is always the same.
    static bool keyLess(QStringView a, QStringView b);

    // Go's strconv.FormatFloat(value, 'g', -1, bits) with go-yaml's spellings of infinity and NaN
    // (.inf, -.inf, .nan): the shortest text that reads back to the same float32 or float64.
    static QByteArray formatFloat(double value, int bits = 64);
};

} // namespace tugboat::api
