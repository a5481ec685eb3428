// Field selectors ("metadata.name=web,spec.nodeName!=node-1,status.phase=Running"), as the API
// server accepts them in ?fieldSelector=. Supported fields depend on the kind, as in Kubernetes:
// metadata.name and metadata.namespace everywhere; spec.nodeName and status.phase for pods;
// involvedObject.* and reason/type for events; spec.unschedulable for nodes.
//
// Value type; thread-safe for concurrent const use.
#pragma once

#include "object.h"
#include "result.h"

#include <QString>
#include <optional>

namespace tugboat::api {

struct FieldRequirement {
    QString field;
    bool equals = true; // "=" / "==" when true, "!=" when false
    QString value;
};

class FieldSelector {
public:
    FieldSelector() = default; // matches everything

    // Parses the string form; `kind` ("Pod", "Event", ...) decides which fields are supported.
    // Unsupported fields fail with BadRequest: `field label not supported: spec.foo`.
    static Result<FieldSelector> parse(QStringView text, const QString &kind);
    static bool supports(const QString &kind, const QString &field);

    bool matches(const Object &object) const;
    bool isEmpty() const { return m_requirements.isEmpty(); }
    const QList<FieldRequirement> &requirements() const { return m_requirements; }
    // The value required by an "=" on `field`, if there is one (lets list handlers narrow a scan).
    std::optional<QString> exactValue(const QString &field) const;
    QString toString() const;

private:
    QList<FieldRequirement> m_requirements;
};

} // namespace tugboat::api
