// Manifests: the Kubernetes objects in YAML or JSON files, as `kubectl apply -f` reads them.
//
// A source (a file, a directory, stdin, or text in memory) is read with YamlReader into documents; each
// non-empty document must be an object with a string apiVersion and kind. A list (kind: List, or any
// *List kind such as PodList, that has an items field) is flattened into its items, recursively; an item
// that names neither apiVersion nor kind takes the list's apiVersion and the list kind without "List",
// as Kubernetes' unstructured decoder does. Empty documents are skipped.
//
// Errors name the place and the field, one line per problem, every invalid document reported:
//   deploy.yaml:12:1: kind: Required value: every object names its kind, e.g. kind: Deployment
//   list.yaml:9:3: items[1].apiVersion: Required value: every object names its API version, e.g. ...
// YAML syntax errors and limits are ErrorCode::BadRequest (RequestTooLarge for the byte limits), a
// document that is not an object is BadRequest, missing or malformed apiVersion/kind is Invalid with one
// FieldError cause per problem, and a path that does not exist is NotFound.
//
// Directories are read as kubectl reads them: files ending in .yaml, .yml or .json, in lexical order,
// subdirectories only when `recursive` (symbolic links to directories are not followed). A file named
// explicitly is read whatever its extension.
//
// Stateless; every function may be called from any thread. load() and read() block on I/O: keep them off
// threads that serve requests or paint.
#pragma once

#include "object.h"
#include "result.h"
#include "yamlreader.h"

#include <QByteArray>
#include <QList>
#include <QString>

class QIODevice;

namespace tugboat::api {

struct ManifestDocument {
    Object object;
    QString source; // the file path, "<stdin>", or the name given to parse()
    int line = 0;   // 1-based line where the object starts (its first field, or '{')
    int column = 0; // 1-based column of the same place
    int index = 0;  // 0-based index of its YAML document in the source, empty documents counted
    int item = -1;  // index in the list it was flattened from; -1 when it was not in a list
};

struct ManifestOptions {
    YamlLimits limits;
    bool recursive = false; // directories: descend into subdirectories (kubectl -R)
};

class Manifest {
public:
    // In-memory text; sourceName prefixes every error message.
    static Result<QList<ManifestDocument>> parse(const QByteArray &text, const QString &sourceName,
                                                 const ManifestOptions &options = {});

    // A file, a directory, or "-" for standard input.
    static Result<QList<ManifestDocument>> load(const QString &path, const ManifestOptions &options = {});

    // Everything left on an open device, read up to the stream limit.
    static Result<QList<ManifestDocument>> read(QIODevice &device, const QString &sourceName,
                                                const ManifestOptions &options = {});

    // Whether a directory listing includes the file: .yaml, .yml or .json.
    static bool isManifestFileName(const QString &fileName);
};

} // namespace tugboat::api
