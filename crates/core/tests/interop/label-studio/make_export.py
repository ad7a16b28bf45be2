"""Makes export-relations-cancelled.json with a running Label Studio (run once; the file is kept).

Start Label Studio 1.23 on 127.0.0.1:8089 with LABEL_STUDIO_USERNAME, LABEL_STUDIO_PASSWORD and
LABEL_STUDIO_USER_TOKEN set (legacy API tokens enabled), then run this: it makes a project with
labels, relations, a per-region text area and choices, imports one text, adds an annotation, a
cancelled (skipped) one and a prediction through the API, and saves Label Studio's own JSON export.
"""
import json, urllib.request
B = "http://127.0.0.1:8089"
H = {"Authorization": "Token 0123456789abcdef0123456789abcdef01234567", "Content-Type": "application/json"}
def call(method, path, body=None):
    req = urllib.request.Request(B + path, data=None if body is None else json.dumps(body).encode(), headers=H, method=method)
    with urllib.request.urlopen(req) as r:
        data = r.read()
        return json.loads(data) if data else None
config = """<View>
  <Relations><Relation value="said"/><Relation value="supports"/></Relations>
  <Labels name="label" toName="text"><Label value="Claim"/><Label value="Figure"/><Label value="Actor"/></Labels>
  <Text name="text" value="$text"/>
  <TextArea name="note" toName="text" perRegion="true"/>
  <Choices name="verdict" toName="text"><Choice value="checked"/><Choice value="unchecked"/></Choices>
</View>"""
p = call("POST", "/api/projects", {"title": "factmark interop", "label_config": config})
text = "Лукашенко said 12,000 troops 🇧🇾 moved to the border."
call("POST", f"/api/projects/{p['id']}/import", [{"text": text}])
task = call("GET", f"/api/projects/{p['id']}/tasks")
task = task[0] if isinstance(task, list) else task["tasks"][0]
def span(rid, s, e, label):
    return {"id": rid, "from_name": "label", "to_name": "text", "type": "labels",
            "value": {"start": s, "end": e, "text": text[s:e], "labels": [label]}}
result = [
    span("actor1", 0, 9, "Actor"),
    span("fig1", 15, 28, "Figure"),
    span("claim1", 10, 52, "Claim"),
    {"id": "fig1", "from_name": "note", "to_name": "text", "type": "textarea",
     "value": {"start": 15, "end": 28, "text": ["as BelTA reported"]}},
    {"from_id": "actor1", "to_id": "claim1", "type": "relation", "direction": "right", "labels": ["said"]},
    {"from_id": "fig1", "to_id": "claim1", "type": "relation", "direction": "right", "labels": ["supports"]},
    {"id": "v1", "from_name": "verdict", "to_name": "text", "type": "choices", "value": {"choices": ["checked"]}},
]
call("POST", f"/api/tasks/{task['id']}/annotations/", {"result": result, "was_cancelled": False, "ground_truth": False})
call("POST", f"/api/tasks/{task['id']}/annotations/", {"result": [], "was_cancelled": True, "ground_truth": False})
call("POST", "/api/predictions/", {"task": task["id"], "model_version": "ner-v0", "score": 0.5, "result": [span("p1", 33, 38, "Claim")]})
req = urllib.request.Request(B + f"/api/projects/{p['id']}/export?exportType=JSON", headers=H)
with urllib.request.urlopen(req) as r:
    open("export-relations-cancelled.json", "wb").write(r.read())
import subprocess
print(subprocess.run(["label-studio", "version"], capture_output=True, text=True).stdout[-300:])
