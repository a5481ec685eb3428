#include "manifest.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QIODevice>
#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <cstdio>

namespace tugboat::api {

namespace {

// What the sources produced so far: the objects, and one message line per problem. The error code is
// the first problem's.
struct Collected {
    QList<ManifestDocument> documents;
    QStringList problems;
    FieldErrors causes;
    ErrorCode code = ErrorCode::Invalid;

    void problem(ErrorCode problemCode, const QString &line)
    {
        if (problems.isEmpty())
            code = problemCode;
        problems.append(line);
    }
};

QString typeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Array:
        return QStringLiteral("a sequence");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Object:
        return QStringLiteral("a mapping");
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("null");
}

// One YAML document -> manifest objects: checks apiVersion and kind, flattens lists. `prefix` is the
// field path of the object at hand inside its document: "" for the document itself, "items[2]" for an item.
class Flattener {
public:
    Flattener(const YamlDocument &doc, const QString &source, Collected &out)
        : m_doc(doc)
        , m_source(source)
        , m_out(out)
    {}

    void document()
    {
        if (m_doc.value.isNull())
            return; // an empty document
        if (!m_doc.value.isObject()) {
            problem(m_doc.position,
                    QStringLiteral("expected a Kubernetes object (a mapping with apiVersion and kind), found %1")
                        .arg(typeName(m_doc.value)),
                    ErrorCode::BadRequest);
            return;
        }
        object(m_doc.value.toObject(), QString(), -1);
    }

private:
    static QString join(const QString &prefix, const QString &field)
    {
        return prefix.isEmpty() ? field : prefix + QLatin1Char('.') + field;
    }

    void problem(YamlPosition at, const QString &message, ErrorCode code)
    {
        m_out.problem(code, formatLocation(m_source, at) + QStringLiteral(": ") + message);
    }

    void fieldProblem(YamlPosition at, const FieldError &error)
    {
        problem(at, error.toString(), ErrorCode::Invalid);
        m_out.causes.append(error);
    }

    // Checks apiVersion and kind; returns whether both are usable.
    bool checkTypeFields(const QJsonObject &o, const QString &prefix)
    {
        static const struct {
            QLatin1String field;
            const char *example;
        } fields[] = {{QLatin1String("apiVersion"), "every object names its API version, e.g. apiVersion: apps/v1"},
                      {QLatin1String("kind"), "every object names its kind, e.g. kind: Deployment"}};
        bool ok = true;
        for (const auto &f : fields) {
            const QString path = join(prefix, f.field);
            const QJsonValue v = o.value(f.field);
            if (v.isUndefined() || v.isNull() || (v.isString() && v.toString().isEmpty())) {
                fieldProblem(m_doc.positionOf(prefix), FieldError::required(path, QString::fromLatin1(f.example)));
                ok = false;
            } else if (!v.isString()) {
                fieldProblem(m_doc.positionOf(path), FieldError::invalid(path, v, QStringLiteral("must be a string")));
                ok = false;
            }
        }
        return ok;
    }

    void object(QJsonObject o, const QString &prefix, int item)
    {
        if (!checkTypeFields(o, prefix))
            return;
        const QString kind = o.value(QLatin1String("kind")).toString();
        if (kind.endsWith(QLatin1String("List")) && o.contains(QLatin1String("items"))) {
            list(o, prefix, kind);
            return;
        }
        ManifestDocument d;
        const YamlPosition at = m_doc.positionOf(prefix);
        d.object = Object(std::move(o));
        d.source = m_source;
        d.line = at.line;
        d.column = at.column;
        d.index = m_doc.index;
        d.item = item;
        m_out.documents.append(std::move(d));
    }

    void list(const QJsonObject &o, const QString &prefix, const QString &kind)
    {
        const QString itemsPath = join(prefix, QStringLiteral("items"));
        const QJsonValue items = o.value(QLatin1String("items"));
        if (!items.isArray() && !items.isNull()) {
            fieldProblem(m_doc.positionOf(itemsPath),
                         FieldError::invalid(itemsPath, items, QStringLiteral("must be a list of objects")));
            return;
        }
        const QJsonValue apiVersion = o.value(QLatin1String("apiVersion"));
        const QString itemKind = kind.chopped(4);
        const QJsonArray array = items.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QString path = itemsPath + QLatin1Char('[') + QString::number(i) + QLatin1Char(']');
            if (!array[i].isObject()) {
                fieldProblem(m_doc.positionOf(path),
                             FieldError::invalid(path, array[i], QStringLiteral("must be an object")));
                continue;
            }
            QJsonObject itemObject = array[i].toObject();
            // Kubernetes' unstructured list decoder: an item naming neither takes the list's type.
            if (!itemKind.isEmpty() && !itemObject.contains(QLatin1String("kind")) &&
                !itemObject.contains(QLatin1String("apiVersion"))) {
                itemObject.insert(QLatin1String("kind"), itemKind);
                itemObject.insert(QLatin1String("apiVersion"), apiVersion);
            }
            object(std::move(itemObject), path, int(i));
        }
    }

    const YamlDocument &m_doc;
    const QString &m_source;
    Collected &m_out;
};

void collect(const QByteArray &text, const QString &source, const ManifestOptions &options, Collected &out)
{
    Result<QList<YamlDocument>> docs = YamlReader::readAll(text, source, options.limits);
    if (!docs) {
        out.problem(docs.error().code(), docs.error().message());
        return;
    }
    for (const YamlDocument &doc : std::as_const(*docs))
        Flattener(doc, source, out).document();
}

Result<QList<ManifestDocument>> finish(Collected &&out)
{
    if (!out.problems.isEmpty())
        return Error(out.code, out.problems.join(QLatin1Char('\n')), std::move(out.causes));
    return std::move(out.documents);
}

// Reads the device to its end, but never more than one byte past the stream limit, so that an endless
// stdin is refused instead of exhausting memory (the reader then reports the size).
Result<QByteArray> readDevice(QIODevice &device, const QString &source, qsizetype limit)
{
    QByteArray data;
    char buffer[64 * 1024];
    while (data.size() <= limit) {
        const qint64 n = device.read(buffer, std::min<qint64>(qint64(sizeof buffer), limit + 1 - data.size()));
        if (n < 0) {
            if (device.isSequential())
                break; // the writer went away: what arrived is the input
            return Error(ErrorCode::BadRequest, source + QStringLiteral(": ") + device.errorString());
        }
        if (n == 0) {
            if (!device.isSequential() || device.atEnd() || !device.waitForReadyRead(-1))
                break;
            continue;
        }
        data.append(buffer, n);
    }
    return data;
}

void collectDevice(QIODevice &device, const QString &source, const ManifestOptions &options, Collected &out)
{
    Result<QByteArray> data = readDevice(device, source, options.limits.maxStreamBytes);
    if (!data) {
        out.problem(data.error().code(), data.error().message());
        return;
    }
    collect(*data, source, options, out);
}

void collectFile(const QString &path, const ManifestOptions &options, Collected &out)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        out.problem(ErrorCode::BadRequest, path + QStringLiteral(": ") + file.errorString());
        return;
    }
    collectDevice(file, path, options, out);
}

// filepath.Walk's order: entries sorted by name, each directory visited where it sorts.
void collectDirectory(const QString &path, const ManifestOptions &options, Collected &out)
{
    const QFileInfoList entries =
        QDir(path).entryInfoList(QDir::Files | QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
    for (const QFileInfo &entry : entries) {
        const QString child = QDir(path).filePath(entry.fileName());
        if (entry.isDir()) {
            if (options.recursive && !entry.isSymLink())
                collectDirectory(child, options, out);
        } else if (Manifest::isManifestFileName(entry.fileName())) {
            collectFile(child, options, out);
        }
    }
}

} // namespace

Result<QList<ManifestDocument>> Manifest::parse(const QByteArray &text, const QString &sourceName,
                                                const ManifestOptions &options)
{
    Collected out;
    collect(text, sourceName.isEmpty() ? QStringLiteral("<input>") : sourceName, options, out);
    return finish(std::move(out));
}

Result<QList<ManifestDocument>> Manifest::read(QIODevice &device, const QString &sourceName,
                                               const ManifestOptions &options)
{
    Collected out;
    collectDevice(device, sourceName.isEmpty() ? QStringLiteral("<input>") : sourceName, options, out);
    return finish(std::move(out));
}

Result<QList<ManifestDocument>> Manifest::load(const QString &path, const ManifestOptions &options)
{
    Collected out;
    if (path == QLatin1String("-")) {
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly))
            return Error(ErrorCode::BadRequest, QStringLiteral("<stdin>: ") + in.errorString());
        collectDevice(in, QStringLiteral("<stdin>"), options, out);
        return finish(std::move(out));
    }
    const QFileInfo info(path);
    if (!info.exists())
        return Error(ErrorCode::NotFound, path + QStringLiteral(": no such file or directory"));
    if (info.isDir())
        collectDirectory(path, options, out);
    else
        collectFile(path, options, out);
    return finish(std::move(out));
}

bool Manifest::isManifestFileName(const QString &fileName)
{
    return fileName.endsWith(QLatin1String(".yaml")) || fileName.endsWith(QLatin1String(".yml")) ||
           fileName.endsWith(QLatin1String(".json"));
}

} // namespace tugboat::api
