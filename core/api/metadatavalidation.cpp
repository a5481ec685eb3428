// ObjectMeta, as apimachinery's ValidateObjectMeta and core's extra finalizer rule check it: names by
// kind, generateName, namespace, labels, annotations (256 KiB in total), ownerReferences, finalizers;
// and what an update may not change.
#include "names.h"
#include "validation.h"

#include <QSet>

namespace tugboat::api {

namespace {

constexpr int kTotalAnnotationSizeLimit = 256 * 1024;
const QString kImmutable = QStringLiteral("field is immutable");

// Finalizers Kubernetes itself defines; any other must be domain-qualified ("example.com/cleanup").
bool isStandardFinalizer(const QString &name)
{
    return name == QLatin1String("kubernetes") || name == QLatin1String("orphan") ||
           name == QLatin1String("foregroundDeletion");
}

// Go's %#v of a []string: []string{"a", "b"}.
QString goStringSlice(const QStringList &items)
{
    QStringList quoted;
    for (const QString &s : items)
        quoted << QLatin1Char('"') + QString(s).replace(QLatin1Char('"'), QLatin1String("\\\"")) + QLatin1Char('"');
    return QStringLiteral("[]string{") + quoted.join(QStringLiteral(", ")) + QLatin1Char('}');
}

// The version part of an apiVersion, as schema.ParseGroupVersion reads it: "v1", "apps/v1"; empty for
// "", "apps/" or more than one slash.
QString versionOf(const QString &apiVersion)
{
    const QStringList parts = apiVersion.split(QLatin1Char('/'));
    if (parts.size() == 1)
        return parts.first();
    if (parts.size() == 2)
        return parts.at(1);
    return {};
}

void validateOwnerReference(const QJsonValue &item, qsizetype index, const QString &path, FieldErrors &errs)
{
    if (!item.isObject()) {
        errs << FieldError::invalid(indexPath(path, index), item, QStringLiteral("must be an object"));
        return;
    }
    // Kubernetes reports these under the list's path, without the index.
    FieldReader r(item.toObject(), path, errs);
    const QString apiVersion = r.string(QLatin1String("apiVersion"));
    const QString kind = r.string(QLatin1String("kind"));
    const QString name = r.string(QLatin1String("name"));
    const QString uid = r.string(QLatin1String("uid"));
    if (versionOf(apiVersion).isEmpty())
        errs << FieldError::invalid(r.path(u"apiVersion"), apiVersion, QStringLiteral("version must not be empty"));
    if (kind.isEmpty())
        errs << FieldError::invalid(r.path(u"kind"), kind, QStringLiteral("must not be empty"));
    if (name.isEmpty())
        errs << FieldError::invalid(r.path(u"name"), name, QStringLiteral("must not be empty"));
    if (uid.isEmpty())
        errs << FieldError::invalid(r.path(u"uid"), uid, QStringLiteral("must not be empty"));
    if (apiVersion == QLatin1String("v1") && kind == QLatin1String("Event"))
        errs << FieldError::invalid(path, item, QStringLiteral("/v1, Kind=Event is disallowed from being an owner"));
}

} // namespace

FieldErrors validateLabels(const QJsonValue &labels, const QString &path)
{
    if (labels.isUndefined() || labels.isNull())
        return {};
    if (!labels.isObject())
        return {FieldError::invalid(path, labels, QStringLiteral("must be an object"))};
    FieldErrors errs;
    const QJsonObject map = labels.toObject();
    for (auto it = map.begin(); it != map.end(); ++it) {
        errs += invalidEach(path, it.key(), isQualifiedName(it.key()));
        if (!it.value().isString()) {
            errs << FieldError::invalid(keyPath(path, it.key()), it.value(), QStringLiteral("must be a string"));
            continue;
        }
        errs += invalidEach(path, it.value(), isValidLabelValue(it.value().toString()));
    }
    return errs;
}

FieldErrors validateAnnotations(const QJsonValue &annotations, const QString &path)
{
    if (annotations.isUndefined() || annotations.isNull())
        return {};
    if (!annotations.isObject())
        return {FieldError::invalid(path, annotations, QStringLiteral("must be an object"))};
    FieldErrors errs;
    qint64 totalSize = 0;
    const QJsonObject map = annotations.toObject();
    for (auto it = map.begin(); it != map.end(); ++it) {
        // Annotation keys are qualified names in any case.
        errs += invalidEach(path, it.key(), isQualifiedName(it.key().toLower()));
        if (!it.value().isString())
            errs << FieldError::invalid(keyPath(path, it.key()), it.value(), QStringLiteral("must be a string"));
        totalSize += it.key().toUtf8().size() + it.value().toString().toUtf8().size();
    }
    if (totalSize > kTotalAnnotationSizeLimit)
        errs << FieldError::tooLong(path, QJsonValue::Undefined, kTotalAnnotationSizeLimit);
    return errs;
}

FieldErrors validateOwnerReferences(const QJsonValue &ownerReferences, const QString &path)
{
    if (ownerReferences.isUndefined() || ownerReferences.isNull())
        return {};
    if (!ownerReferences.isArray())
        return {FieldError::invalid(path, ownerReferences, QStringLiteral("must be a list"))};
    FieldErrors errs;
    const QJsonArray refs = ownerReferences.toArray();
    QString firstController;
    for (qsizetype i = 0; i < refs.size(); ++i) {
        validateOwnerReference(refs.at(i), i, path, errs);
        const QJsonObject ref = refs.at(i).toObject();
        if (!ref.value(QLatin1String("controller")).toBool())
            continue;
        const QString current = ref.value(QLatin1String("kind")).toString() + QLatin1Char('/') +
                                ref.value(QLatin1String("name")).toString();
        if (firstController.isEmpty()) {
            firstController = current;
            continue;
        }
        errs << FieldError::invalid(path, refs,
                                    QStringLiteral("Only one reference can have Controller set to true. Found "
                                                   "\"true\" in references for %1 and %2")
                                        .arg(firstController, current));
    }
    return errs;
}

FieldErrors validateFinalizers(const QJsonValue &finalizers, const QString &path)
{
    if (finalizers.isUndefined() || finalizers.isNull())
        return {};
    if (!finalizers.isArray())
        return {FieldError::invalid(path, finalizers, QStringLiteral("must be a list"))};
    FieldErrors errs;
    const QJsonArray list = finalizers.toArray();
    QStringList names;
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (!list.at(i).isString()) {
            errs << FieldError::invalid(indexPath(path, i), list.at(i), QStringLiteral("must be a string"));
            continue;
        }
        names << list.at(i).toString();
        errs += invalidEach(path, names.last(), isQualifiedName(names.last()));
    }
    if (names.contains(QLatin1String("orphan")) && names.contains(QLatin1String("foregroundDeletion")))
        errs << FieldError::invalid(path, list,
                                    QStringLiteral("finalizer orphan and foregroundDeletion cannot be both set"));
    // Core's additional rule, reported per index.
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString name = list.at(i).toString();
        if (list.at(i).isString() && !name.contains(QLatin1Char('/')) && !isStandardFinalizer(name))
            errs << FieldError::invalid(indexPath(path, i), name,
                                        QStringLiteral("name is neither a standard finalizer name nor is it fully "
                                                       "qualified"));
    }
    return errs;
}

FieldErrors validateObjectMeta(const QJsonObject &meta, bool namespaced, NameValidator nameFn, const QString &path)
{
    FieldErrors errs;
    FieldReader r(meta, path, errs);
    const QString generateName = r.string(QLatin1String("generateName"));
    const QString name = r.string(QLatin1String("name"));
    const QString ns = r.string(QLatin1String("namespace"));
    const std::optional<qint64> generation = r.integer(QLatin1String("generation"));

    if (!generateName.isEmpty())
        errs += invalidEach(r.path(u"generateName"), generateName, nameFn(generateName, true));
    // kube-apiserver generates the name before validating; an object that still carries only
    // generateName is valid here and gets its name from the API server.
    if (name.isEmpty()) {
        if (generateName.isEmpty())
            errs << FieldError::required(r.path(u"name"), QStringLiteral("name or generateName is required"));
    } else {
        errs += invalidEach(r.path(u"name"), name, nameFn(name, false));
    }

    if (namespaced) {
        if (ns.isEmpty())
            errs << FieldError::required(r.path(u"namespace"));
        else
            errs += invalidEach(r.path(u"namespace"), ns, isDns1123Label(ns));
    } else if (!ns.isEmpty()) {
        errs << FieldError::forbidden(r.path(u"namespace"), QStringLiteral("not allowed on this type"));
    }

    if (generation)
        errs += validateNonnegative(*generation, r.path(u"generation"));
    errs += validateLabels(meta.value(QLatin1String("labels")), r.path(u"labels"));
    errs += validateAnnotations(meta.value(QLatin1String("annotations")), r.path(u"annotations"));
    errs += validateOwnerReferences(meta.value(QLatin1String("ownerReferences")), r.path(u"ownerReferences"));
    errs += validateFinalizers(meta.value(QLatin1String("finalizers")), r.path(u"finalizers"));
    return errs;
}

FieldErrors validateObjectMetaUpdate(const QJsonObject &newMeta, const QJsonObject &oldMeta, const QString &path)
{
    FieldErrors errs;
    auto str = [](const QJsonObject &m, const char *key) { return m.value(QLatin1String(key)).toString(); };

    if (!str(oldMeta, "deletionTimestamp").isEmpty()) {
        QSet<QString> old;
        for (const QJsonValue &v : oldMeta.value(QLatin1String("finalizers")).toArray())
            old.insert(v.toString());
        QStringList added;
        for (const QJsonValue &v : newMeta.value(QLatin1String("finalizers")).toArray())
            if (!old.contains(v.toString()) && !added.contains(v.toString()))
                added << v.toString();
        added.sort();
        if (!added.isEmpty())
            errs << FieldError::forbidden(childPath(path, u"finalizers"),
                                          QStringLiteral("no new finalizers can be added if the object is being "
                                                         "deleted, found new finalizers %1")
                                              .arg(goStringSlice(added)));
    }

    // The API server keeps generation, so a request that omits it is not decrementing it.
    const QJsonValue newGeneration = newMeta.value(QLatin1String("generation"));
    if (newGeneration.isDouble() && newGeneration.toInteger() < oldMeta.value(QLatin1String("generation")).toInteger())
        errs << FieldError::invalid(childPath(path, u"generation"), newGeneration.toInteger(),
                                    QStringLiteral("must not be decremented"));

    for (const char *key : {"name", "namespace"}) {
        if (str(newMeta, key) != str(oldMeta, key))
            errs << FieldError::invalid(childPath(path, QLatin1String(key)), str(newMeta, key), kImmutable);
    }
    // Carried over from the stored object when the request leaves them out.
    for (const char *key : {"uid", "creationTimestamp", "deletionTimestamp"}) {
        const QString value = str(newMeta, key);
        if (!value.isEmpty() && value != str(oldMeta, key))
            errs << FieldError::invalid(childPath(path, QLatin1String(key)), value, kImmutable);
    }
    return errs;
}

} // namespace tugboat::api
