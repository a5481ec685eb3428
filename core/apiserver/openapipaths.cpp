#include "openapipaths.h"

#include "api/kinds.h"
#include "discovery.h"
#include "schemas.h"

#include <QJsonArray>
#include <algorithm>

namespace tugboat::apiserver::openapipaths {

using api::ResourceInfo;
using schemas::refTo;

namespace {

QJsonObject param(const char *name, const char *in, const char *type, const char *doc, bool required = false)
{
    QJsonObject p{{QStringLiteral("name"), QLatin1String(name)},
                  {QStringLiteral("in"), QLatin1String(in)},
                  {QStringLiteral("description"), QString::fromUtf8(doc)},
                  {QStringLiteral("schema"),
                   QJsonObject{{QStringLiteral("type"), QLatin1String(type)}, {QStringLiteral("uniqueItems"), true}}}};
    if (required)
        p.insert(QStringLiteral("required"), true);
    return p;
}

QJsonObject pretty()
{
    return param("pretty", "query", "string",
                 "If 'true', then the output is pretty printed. Defaults to 'false' unless the user-agent "
                 "indicates a browser or command-line HTTP tool (curl and wget).");
}

QJsonObject dryRun()
{
    return param("dryRun", "query", "string",
                 "When present, indicates that modifications should not be persisted. An invalid or "
                 "unrecognized dryRun directive will result in an error response and no further processing of "
                 "the request. Valid values are: - All: all dry run stages will be processed");
}

QJsonObject fieldManager()
{
    return param("fieldManager", "query", "string",
                 "fieldManager is a name associated with the actor or entity that is making these changes. The "
                 "value must be less than or 128 characters long, and only contain printable characters, as "
                 "defined by https://golang.org/pkg/unicode/#IsPrint.");
}

QJsonObject fieldValidation()
{
    return param("fieldValidation", "query", "string",
                 "fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) "
                 "containing unknown or duplicate fields. Valid values are: - Ignore: This will ignore any "
                 "unknown fields that are silently dropped from the object, and will ignore all but the last "
                 "duplicate field that the decoder encounters. This is the default behavior prior to v1.23. - "
                 "Warn: This will send a warning via the standard warning response header for each unknown "
                 "field that is dropped from the object, and for each duplicate field that is encountered. The "
                 "request will still succeed if there are no other errors, and will only persist the last of "
                 "any duplicate fields. This is the default in v1.23+ - Strict: This will fail the request with "
                 "a BadRequest error if any unknown fields would be dropped from the object, or if any duplicate "
                 "fields are present. The error returned from the server will contain all unknown and duplicate "
                 "fields encountered.");
}

QJsonArray listParams()
{
    return {
        param("allowWatchBookmarks", "query", "boolean",
              "allowWatchBookmarks requests watch events with type \"BOOKMARK\". Servers that do not implement "
              "bookmarks may ignore this flag and bookmarks are sent at the server's discretion."),
        param("continue", "query", "string",
              "The continue option should be set when retrieving more results from the server. Since this "
              "value "
              "is server defined, clients may only use the continue value from a previous query result with "
              "identical query parameters (except for the value of continue)."),
        param("fieldSelector", "query", "string",
              "A selector to restrict the list of returned objects by their fields. Defaults to everything."),
        param("labelSelector", "query", "string",
              "A selector to restrict the list of returned objects by their labels. Defaults to everything."),
        param("limit", "query", "integer",
              "limit is a maximum number of responses to return for a list call. If more items exist, the "
              "server "
              "will set the `continue` field on the list metadata to a value that can be used with the same "
              "initial query to retrieve the next set of results."),
        param("resourceVersion", "query", "string",
              "resourceVersion sets a constraint on what resource versions a request may be served from. See "
              "https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions for details. "
              "Defaults to unset"),
        param("resourceVersionMatch", "query", "string",
              "resourceVersionMatch determines how resourceVersion is applied to list calls. Defaults to "
              "unset"),
        param("sendInitialEvents", "query", "boolean",
              "`sendInitialEvents=true` may be set together with `watch=true`. In that case, the watch stream "
              "will begin with synthetic events to produce the current state of objects in the collection."),
        param("timeoutSeconds", "query", "integer",
              "Timeout for the list/watch call. This limits the duration of the call, regardless of any "
              "activity "
              "or inactivity."),
        param("watch", "query", "boolean",
              "Watch for changes to the described resources and return them as a stream of add, update, and "
              "remove notifications. Specify resourceVersion."),
    };
}

QJsonArray deleteParams()
{
    return {
        dryRun(),
        param("gracePeriodSeconds", "query", "integer",
              "The duration in seconds before the object should be deleted. Value must be non-negative "
              "integer. "
              "The value zero indicates delete immediately. If this value is nil, the default grace period for "
              "the specified type will be used. Defaults to a per object value if not specified. zero means "
              "delete immediately."),
        param("ignoreStoreReadErrorWithClusterBreakingPotential", "query", "boolean",
              "if set to true, it will trigger an unsafe deletion of the resource in case the normal deletion "
              "flow fails with a corrupt object error."),
        param("orphanDependents", "query", "boolean",
              "Deprecated: please use the PropagationPolicy, this field will be deprecated in 1.7. Should the "
              "dependent objects be orphaned."),
        param("propagationPolicy", "query", "string",
              "Whether and how garbage collection will be performed. Either this field or OrphanDependents may "
              "be set, but not both. The default policy is decided by the existing finalizer set in the "
              "metadata.finalizers and the resource-specific default policy. Acceptable values are: 'Orphan' - "
              "orphan the dependents; 'Background' - allow the garbage collector to delete the dependents in "
              "the background; 'Foreground' - a cascading policy that deletes all dependents in the "
              "foreground."),
    };
}

QJsonArray writeParams(bool patch)
{
    QJsonArray params{dryRun(), fieldManager(), fieldValidation()};
    if (patch)
        params.append(param("force", "query", "boolean",
                            "Force is going to \"force\" Apply requests. It means user will re-acquire "
                            "conflicting fields owned by other people. Force flag must be unset for non-apply "
                            "patch requests."));
    return params;
}

QJsonArray logParams()
{
    return {
        param("container", "query", "string",
              "The container for which to stream logs. Defaults to only container if there is one container in "
              "the pod."),
        param("follow", "query", "boolean", "Follow the log stream of the pod. Defaults to false."),
        param("insecureSkipTLSVerifyBackend", "query", "boolean",
              "insecureSkipTLSVerifyBackend indicates that the apiserver should not confirm the validity of "
              "the "
              "serving certificate of the backend it is connecting to."),
        param("limitBytes", "query", "integer",
              "If set, the number of bytes to read from the server before terminating the log output."),
        param("previous", "query", "boolean", "Return previous terminated container logs. Defaults to false."),
        param("sinceSeconds", "query", "integer",
              "A relative time in seconds before the current time from which to show logs."),
        param("stream", "query", "string",
              "Specify which container log stream to return to the client. Acceptable values are \"All\", "
              "\"Stdout\" and \"Stderr\". If not specified, \"All\" is used."),
        param("tailLines", "query", "integer",
              "If set, the number of lines from the end of the logs to show. If not specified, logs are shown "
              "from the creation of the container or sinceSeconds or sinceTime"),
        param("timestamps", "query", "boolean",
              "If true, add an RFC3339 or RFC3339Nano timestamp at the beginning of every line of log output. "
              "Defaults to false."),
    };
}

QJsonObject content(const QJsonObject &schema, const char *type = "application/json")
{
    return QJsonObject{{QLatin1String(type), QJsonObject{{QStringLiteral("schema"), schema}}}};
}

QJsonObject schemaRef(const QString &id)
{
    return QJsonObject{{QStringLiteral("$ref"), refTo(id)}};
}

// responses for the given codes, each returning `schema` (JSON), plus 401.
QJsonObject responses(std::initializer_list<int> codes, const QJsonObject &body)
{
    QJsonObject result;
    for (int code : codes) {
        const char *text = code == 201 ? "Created" : code == 202 ? "Accepted" : "OK";
        result.insert(QString::number(code), QJsonObject{{QStringLiteral("description"), QLatin1String(text)},
                                                         {QStringLiteral("content"), body}});
    }
    result.insert(QStringLiteral("401"), QJsonObject{{QStringLiteral("description"), QStringLiteral("Unauthorized")}});
    return result;
}

QJsonObject patchBody()
{
    const QJsonObject schema = schemaRef(schemas::meta("Patch"));
    QJsonObject types;
    for (const char *type : {"application/apply-patch+yaml", "application/json-patch+json",
                             "application/merge-patch+json", "application/strategic-merge-patch+json"})
        types.insert(QLatin1String(type), QJsonObject{{QStringLiteral("schema"), schema}});
    return QJsonObject{{QStringLiteral("content"), types}, {QStringLiteral("required"), true}};
}

QJsonObject jsonBody(const QString &id, bool required = true)
{
    QJsonObject body{{QStringLiteral("content"), content(schemaRef(id), "*/*")}};
    if (required)
        body.insert(QStringLiteral("required"), true);
    return body;
}

// Kubernetes' schema component of a kind: "io.k8s.api.apps.v1.Deployment".
QString componentOf(const QString &group, const QString &kind)
{
    const QByteArray k = kind.toLatin1();
    if (group.isEmpty())
        return schemas::core(k.constData());
    if (group == QLatin1String("apps"))
        return schemas::apps(k.constData());
    if (group == QLatin1String("autoscaling"))
        return schemas::autoscaling(k.constData());
    if (group == QLatin1String("policy"))
        return schemas::policy(k.constData());
    if (group == QLatin1String("coordination.k8s.io"))
        return schemas::coordination(k.constData());
    return schemas::discovery(k.constData());
}

// "Core", "Apps", "Coordination", "Discovery": the group's part of an operationId.
QString groupWord(const QString &group)
{
    if (group.isEmpty())
        return QStringLiteral("Core");
    QString word = group.section(QLatin1Char('.'), 0, 0);
    word[0] = word[0].toUpper();
    return word;
}

// One resource's paths.
class ResourcePaths {
public:
    struct Gvk {
        QString group, version, kind;
    };

    ResourcePaths(const ResourceInfo &info, QJsonObject &paths)
        : m_info(info)
        , m_paths(paths)
    {
        const QString prefix = info.group.isEmpty() ? QStringLiteral("/api/") + info.version
                                                    : QStringLiteral("/apis/%1/%2").arg(info.group, info.version);
        m_collection = prefix + (info.namespaced ? QStringLiteral("/namespaces/{namespace}/") : QStringLiteral("/")) +
                       info.resource;
        m_allNamespaces = prefix + QLatin1Char('/') + info.resource;
        m_opPrefix = groupWord(info.group) + info.version.toUpper().left(1) + info.version.mid(1);
        m_scope = info.namespaced ? QStringLiteral("Namespaced") : QString();
        m_tag = (info.group.isEmpty() ? QStringLiteral("core") : info.group.section(QLatin1Char('.'), 0, 0)) +
                QLatin1Char('_') + info.version;
    }

    void addAll()
    {
        const QString kindId = componentOf(m_info.group, m_info.kind);
        const QString listId = componentOf(m_info.group, m_info.listKind());
        const QJsonObject kindBody = content(schemaRef(kindId));
        const QString kind = m_info.kind;

        QJsonObject collection;
        collection.insert(QStringLiteral("get"),
                          op("list" + m_scope + kind, "list or watch objects of kind " + kind, "list", listParams(), {},
                             responses({200}, content(schemaRef(listId)))));
        collection.insert(QStringLiteral("post"),
                          op("create" + m_scope + kind, "create " + article(kind), "post", writeParams(false),
                             jsonBody(kindId), responses({200, 201, 202}, kindBody)));
        QJsonArray collectionDelete = listParams();
        for (const QJsonValue &p : deleteParams())
            collectionDelete.append(p);
        collection.insert(QStringLiteral("delete"),
                          op("deleteCollection" + m_scope + kind, "delete collection of " + kind, "deletecollection",
                             collectionDelete, jsonBody(schemas::meta("DeleteOptions"), false),
                             responses({200}, content(schemaRef(schemas::meta("Status"))))));
        addPath(m_collection, collection, false);

        QJsonObject item;
        item.insert(QStringLiteral("get"), op("read" + m_scope + kind, "read the specified " + kind, "get", {}, {},
                                              responses({200}, kindBody)));
        item.insert(QStringLiteral("put"), op("replace" + m_scope + kind, "replace the specified " + kind, "put",
                                              writeParams(false), jsonBody(kindId), responses({200, 201}, kindBody)));
        item.insert(QStringLiteral("patch"),
                    op("patch" + m_scope + kind, "partially update the specified " + kind, "patch", writeParams(true),
                       patchBody(), responses({200, 201}, kindBody)));
        item.insert(QStringLiteral("delete"),
                    op("delete" + m_scope + kind, "delete " + article(kind), "delete", deleteParams(),
                       jsonBody(schemas::meta("DeleteOptions"), false), responses({200, 202}, kindBody)));
        addPath(m_collection + QStringLiteral("/{name}"), item, true);

        if (m_info.namespaced) {
            const QJsonObject list = op("list" + kind + "ForAllNamespaces", "list or watch objects of kind " + kind,
                                        "list", listParams(), {}, responses({200}, content(schemaRef(listId))));
            m_paths.insert(m_allNamespaces, QJsonObject{{QStringLiteral("get"), list},
                                                        {QStringLiteral("parameters"), QJsonArray{pretty()}}});
        }
        for (const QString &sub : m_info.subresources)
            addSubresource(sub);
    }

private:
    void addSubresource(const QString &name)
    {
        const SubresourceInfo sub = subresourceInfo(m_info, name);
        const QString id = componentOf(sub.group, sub.kind);
        const QJsonObject body = content(schemaRef(id));
        const QString word = name.left(1).toUpper() + name.mid(1); // "Status"
        const QString suffix = m_scope + m_info.kind + word;
        const Gvk gvk{sub.group, sub.version, sub.kind};
        QJsonObject path;
        if (sub.verbs.contains(QLatin1String("create"))) {
            path.insert(QStringLiteral("post"),
                        op("create" + suffix, "create " + name + " of " + article(m_info.kind), "post",
                           writeParams(false), jsonBody(id), responses({200, 201, 202}, body), gvk));
        } else if (name == QLatin1String("log")) {
            path.insert(QStringLiteral("get"),
                        op("read" + suffix, "read log of the specified " + m_info.kind, "get", logParams(), {},
                           responses({200}, content(QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}},
                                                    "text/plain")),
                           gvk));
        } else {
            path.insert(QStringLiteral("get"), op("read" + suffix, "read " + name + " of the specified " + m_info.kind,
                                                  "get", {}, {}, responses({200}, body), gvk));
            path.insert(QStringLiteral("put"),
                        op("replace" + suffix, "replace " + name + " of the specified " + m_info.kind, "put",
                           writeParams(false), jsonBody(id), responses({200, 201}, body), gvk));
            path.insert(QStringLiteral("patch"),
                        op("patch" + suffix, "partially update " + name + " of the specified " + m_info.kind, "patch",
                           writeParams(true), patchBody(), responses({200, 201}, body), gvk));
        }
        addPath(m_collection + QStringLiteral("/{name}/") + name, path, true);
    }

    QJsonObject op(const QString &id, const QString &description, const char *action, const QJsonArray &params,
                   const QJsonObject &requestBody, const QJsonObject &responses) const
    {
        return op(id, description, action, params, requestBody, responses,
                  Gvk{m_info.group, m_info.version, m_info.kind});
    }

    QJsonObject op(const QString &id, const QString &description, const char *action, const QJsonArray &params,
                   const QJsonObject &requestBody, const QJsonObject &responses, const Gvk &gvk) const
    {
        // "createAppsV1NamespacedDeployment": the verb, then the group-version, then the rest.
        const qsizetype verbEnd = std::find_if(id.begin(), id.end(), [](QChar c) { return c.isUpper(); }) - id.begin();
        QJsonObject operation{
            {QStringLiteral("tags"), QJsonArray{m_tag}},
            {QStringLiteral("description"), description},
            {QStringLiteral("operationId"), id.left(verbEnd) + m_opPrefix + id.mid(verbEnd)},
            {QStringLiteral("responses"), responses},
            {QStringLiteral("x-kubernetes-action"), QLatin1String(action)},
            {QStringLiteral("x-kubernetes-group-version-kind"), QJsonObject{{QStringLiteral("group"), gvk.group},
                                                                            {QStringLiteral("version"), gvk.version},
                                                                            {QStringLiteral("kind"), gvk.kind}}},
        };
        if (!params.isEmpty())
            operation.insert(QStringLiteral("parameters"), params);
        if (!requestBody.isEmpty())
            operation.insert(QStringLiteral("requestBody"), requestBody);
        return operation;
    }

    void addPath(const QString &path, QJsonObject item, bool named)
    {
        QJsonArray params;
        if (named)
            params.append(param("name", "path", "string",
                                QStringLiteral("name of the %1").arg(m_info.kind).toUtf8().constData(), true));
        if (m_info.namespaced)
            params.append(param("namespace", "path", "string",
                                "object name and auth scope, such as for teams and projects", true));
        params.append(pretty());
        item.insert(QStringLiteral("parameters"), params);
        m_paths.insert(path, item);
    }

    static QString article(const QString &kind)
    {
        return (QStringLiteral("AEIOU").contains(kind.at(0)) ? QStringLiteral("an ") : QStringLiteral("a ")) + kind;
    }

    const ResourceInfo &m_info;
    QJsonObject &m_paths;
    QString m_collection;
    QString m_allNamespaces;
    QString m_opPrefix; // "CoreV1"
    QString m_scope;    // "Namespaced" or ""
    QString m_tag;      // "core_v1"
};

} // namespace

QJsonObject pathsFor(const QString &group, const QString &version)
{
    QJsonObject paths;
    for (const ResourceInfo &info : api::Kinds::all()) {
        if (info.group != group || info.version != version)
            continue;
        ResourcePaths(info, paths).addAll();
    }
    return paths;
}

} // namespace tugboat::apiserver::openapipaths
