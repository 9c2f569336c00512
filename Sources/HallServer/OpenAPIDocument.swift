/// The API description served at `/openapi.yaml`. A test checks that its paths and the
/// router's routes are the same set.
enum OpenAPIDocument {
    static let yaml = #"""
        openapi: 3.0.3
        info:
          title: HallQueue API
          version: "1"
          description: |
            The queue of a government service hall (政务服务中心): tickets, windows, events.
            Errors are JSON {"error": "<code>", "message": "<human text>"}; messages are Chinese first, then English.
        servers:
          - url: http://127.0.0.1:8080
        security:
          - bearer: []
        paths:
          /healthz:
            get:
              summary: Whether the daemon and its journal work
              security: []
              responses:
                "200": {description: Healthy, content: {application/json: {schema: {$ref: "#/components/schemas/Health"}}}}
                "503": {description: The journal cannot be written, content: {application/json: {schema: {$ref: "#/components/schemas/Health"}}}}
          /metrics:
            get:
              summary: Prometheus metrics
              security: []
              responses:
                "200": {description: Prometheus text format, content: {text/plain: {schema: {type: string}}}}
          /openapi.yaml:
            get:
              summary: This document
              security: []
              responses:
                "200": {description: OpenAPI 3 YAML, content: {application/yaml: {schema: {type: string}}}}
          /api/v1/services:
            get:
              summary: Services with their queues (any role)
              responses:
                "200": {description: Services, content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Service"}}}}}
                "401": {$ref: "#/components/responses/Error"}
          /api/v1/windows:
            get:
              summary: Windows with their current tickets (any role)
              responses:
                "200": {description: Windows, content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Window"}}}}}
                "401": {$ref: "#/components/responses/Error"}
          /api/v1/tickets:
            post:
              summary: Issue a ticket (取号); roles kiosk, window, admin. Answered once the ticket is durable.
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [service]
                      properties:
                        service: {type: string, example: shebao}
                        channel: {type: string, enum: [kiosk, staff, appointment], description: "default: kiosk for the kiosk role, staff otherwise"}
                        priority: {type: string, enum: [green, appointment, normal], description: "default: appointment for the appointment channel, normal otherwise"}
                        kiosk: {type: string, example: K1, description: "the kiosk it is taken at: the ID card read there in the last kiosk_session_seconds goes with the ticket"}
              responses:
                "201": {description: The ticket, content: {application/json: {schema: {$ref: "#/components/schemas/Ticket"}}}}
                "400": {$ref: "#/components/responses/Error"}
                "401": {$ref: "#/components/responses/Error"}
                "403": {$ref: "#/components/responses/Error"}
                "404": {$ref: "#/components/responses/Error"}
                "409": {description: "Closed (service_closed), over quota (quota_reached), no ID card for a service that needs one (id_card_required), the card's holder already waits for it (already_waiting), or the kiosk's printer is faulted (kiosk_printer_faulted)", content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
                "503": {$ref: "#/components/responses/Error"}
          /api/v1/tickets/{number}:
            get:
              summary: A ticket of today, with people ahead and estimated wait (public, for the QR code)
              security: []
              parameters: [{$ref: "#/components/parameters/number"}]
              responses:
                "200": {description: The ticket, content: {application/json: {schema: {$ref: "#/components/schemas/Ticket"}}}}
                "400": {$ref: "#/components/responses/Error"}
                "404": {$ref: "#/components/responses/Error"}
          /api/v1/tickets/{number}/cancel:
            post:
              summary: Cancel a waiting ticket; roles window, admin
              parameters: [{$ref: "#/components/parameters/number"}]
              responses:
                "200": {description: The ticket, content: {application/json: {schema: {$ref: "#/components/schemas/Ticket"}}}}
                "404": {$ref: "#/components/responses/Error"}
                "409": {$ref: "#/components/responses/Error"}
          /api/v1/tickets/{number}/requeue:
            post:
              summary: Put a no-show ticket back in the queue (过号重排) at the configured penalty; roles window, admin
              parameters: [{$ref: "#/components/parameters/number"}]
              responses:
                "200": {description: The ticket, content: {application/json: {schema: {$ref: "#/components/schemas/Ticket"}}}}
                "404": {$ref: "#/components/responses/Error"}
                "409": {$ref: "#/components/responses/Error"}
          /api/v1/windows/{window}/call:
            post:
              summary: Call the next ticket (叫号); the window's current ticket is finished first. Roles window, admin.
              parameters: [{$ref: "#/components/parameters/window"}]
              responses:
                "200": {description: The called ticket, content: {application/json: {schema: {$ref: "#/components/schemas/Call"}}}}
                "204": {description: Nobody is waiting for this window's services}
                "404": {$ref: "#/components/responses/Error"}
                "409": {$ref: "#/components/responses/Error"}
          /api/v1/windows/{window}/recall:
            post:
              summary: Call the current ticket again (重呼)
              parameters: [{$ref: "#/components/parameters/window"}]
              responses: {"200": {$ref: "#/components/responses/Window"}, "404": {$ref: "#/components/responses/Error"}, "409": {$ref: "#/components/responses/Error"}}
          /api/v1/windows/{window}/start:
            post:
              summary: The citizen arrived; service starts
              parameters: [{$ref: "#/components/parameters/window"}]
              responses: {"200": {$ref: "#/components/responses/Window"}, "404": {$ref: "#/components/responses/Error"}, "409": {$ref: "#/components/responses/Error"}}
          /api/v1/windows/{window}/finish:
            post:
              summary: Service finished (办结)
              parameters: [{$ref: "#/components/parameters/window"}]
              responses: {"200": {$ref: "#/components/responses/Window"}, "404": {$ref: "#/components/responses/Error"}, "409": {$ref: "#/components/responses/Error"}}
          /api/v1/windows/{window}/no-show:
            post:
              summary: The citizen did not come (过号); allowed after the configured number of recalls
              parameters: [{$ref: "#/components/parameters/window"}]
              responses: {"200": {$ref: "#/components/responses/Window"}, "404": {$ref: "#/components/responses/Error"}, "409": {$ref: "#/components/responses/Error"}}
          /api/v1/windows/{window}/transfer:
            post:
              summary: Send the current ticket to another service (转办), keeping its issue time
              parameters: [{$ref: "#/components/parameters/window"}]
              requestBody:
                required: true
                content: {application/json: {schema: {type: object, required: [service], properties: {service: {type: string}}}}}
              responses: {"200": {$ref: "#/components/responses/Window"}, "400": {$ref: "#/components/responses/Error"}, "404": {$ref: "#/components/responses/Error"}, "409": {$ref: "#/components/responses/Error"}}
          /api/v1/windows/{window}/pause:
            post:
              summary: Pause the window (暂停服务)
              parameters: [{$ref: "#/components/parameters/window"}]
              responses: {"200": {$ref: "#/components/responses/Window"}, "404": {$ref: "#/components/responses/Error"}}
          /api/v1/windows/{window}/resume:
            post:
              summary: Resume the window
              parameters: [{$ref: "#/components/parameters/window"}]
              responses: {"200": {$ref: "#/components/responses/Window"}, "404": {$ref: "#/components/responses/Error"}}
          /api/v1/appointments:
            post:
              summary: Import bookings from the online platform (预约); admin role. Unchanged bookings are skipped, a bad one refuses the whole batch.
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [appointments]
                      properties:
                        appointments:
                          type: array
                          items:
                            type: object
                            required: [code, service, start, end]
                            properties:
                              code: {type: string, description: the code in the booking's QR code}
                              service: {type: string}
                              start: {type: string, description: "ISO 8601 with offset, or 2026-11-30 09:00 in the hall's time zone"}
                              end: {type: string}
                              masked_name: {type: string, example: 张*三}
                              masked_id: {type: string, example: 110105********002X}
                              id_hash: {type: string, description: HMAC-SHA256 of the upper-case ID number under the hall's secret, 64 hex digits}
              responses:
                "200": {description: What was imported, content: {application/json: {schema: {type: object, properties: {received: {type: integer}, imported: {type: integer}, unchanged: {type: integer}}}}}}
                "400": {$ref: "#/components/responses/Error"}
                "404": {$ref: "#/components/responses/Error"}
                "409": {$ref: "#/components/responses/Error"}
          /api/v1/tickets/{number}/print:
            post:
              summary: Print a ticket again on a kiosk's printer (补打), on purpose; roles window, admin, technician
              parameters: [{$ref: "#/components/parameters/number"}]
              requestBody:
                required: true
                content: {application/json: {schema: {type: object, required: [kiosk], properties: {kiosk: {type: string, example: K1}}}}}
              responses:
                "202": {description: Sent to the printer; a ticket.printed event follows with the job}
                "404": {$ref: "#/components/responses/Error"}
                "409": {description: The kiosk has no printer (no_printer), content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
          /api/v1/kiosks/{kiosk}/check-in:
            post:
              summary: Check in a booking by its code (签到) and issue an appointment-priority ticket; roles kiosk, admin
              parameters: [{name: kiosk, in: path, required: true, schema: {type: string, example: K1}}]
              requestBody:
                required: true
                content: {application/json: {schema: {type: object, required: [code], properties: {code: {type: string}}}}}
              responses:
                "201": {description: The ticket, content: {application/json: {schema: {$ref: "#/components/schemas/Ticket"}}}}
                "400": {$ref: "#/components/responses/Error"}
                "404": {description: "No such kiosk (unknown_kiosk) or booking (appointment_unknown)", content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
                "409": {description: "appointment_too_early, appointment_too_late, appointment_used, already_waiting, kiosk_printer_faulted", content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
          /api/v1/devices:
            get:
              summary: The hall's devices and their health (any role)
              responses:
                "200": {description: Devices, content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Device"}}}}}
                "401": {$ref: "#/components/responses/Error"}
          /api/v1/boards:
            get:
              summary: "What each LED board is to show (wanted) and last took (shown), faulted when it stopped answering (admin, technician, display)"
              responses:
                "200": {description: "Boards: bus, id, address, wanted, shown, faulted, pending, and callMilliseconds (the daemon's time from the newest call to its frame's first byte)", content: {application/json: {schema: {type: array, items: {type: object}}}}}
                "401": {$ref: "#/components/responses/Error"}
          /api/v1/buses/{bus}/boards/{address}/test:
            post:
              summary: "A test pattern on one board, ahead of everything on its bus; says whether it answered and how fast (admin, technician)"
              parameters:
                - {name: bus, in: path, required: true, schema: {type: string}}
                - {name: address, in: path, required: true, schema: {type: integer}}
              responses:
                "200": {description: "address, answered, milliseconds, problem", content: {application/json: {schema: {type: object}}}}
                "404": {$ref: "#/components/responses/Error"}
          /api/v1/buses/{bus}/scan:
            post:
              summary: "Which addresses on a bus answer a blank frame: body {from, to}, at most 256 (admin, technician)"
              parameters:
                - {name: bus, in: path, required: true, schema: {type: string}}
              responses:
                "200": {description: "One probe per address", content: {application/json: {schema: {type: array, items: {type: object}}}}}
                "400": {$ref: "#/components/responses/Error"}
                "409": {$ref: "#/components/responses/Error"}
          /display:
            get:
              summary: "The hall's TV display page (HTML); it reads with ?token=<display token>"
              security: []
              responses:
                "200": {description: The page, content: {text/html: {schema: {type: string}}}}
          /api/v1/display:
            get:
              summary: "What the TV display shows: hall, notice, the latest calls, waiting and estimated wait per service (any role)"
              responses:
                "200": {description: "hall, notice, now, calls[], services[]", content: {application/json: {schema: {type: object}}}}
                "401": {$ref: "#/components/responses/Error"}
          /api/v1/announcements:
            get:
              summary: "The voice's recent announcements: said (startedAt, finishedAt, file), dropped (why) or waiting (admin, technician, display)"
              responses:
                "200": {description: Announcements, oldest first, content: {application/json: {schema: {type: array, items: {type: object}}}}}
                "401": {$ref: "#/components/responses/Error"}
            post:
              summary: "Ask for the closing-time announcement: {\"kind\": \"closing\"} (admin)"
              responses:
                "202": {description: Queued}
                "400": {$ref: "#/components/responses/Error"}
                "409": {$ref: "#/components/responses/Error"}
          /kiosk/{kiosk}:
            get:
              summary: "The kiosk's page (HTML) for citizens; it reads with ?token=<kiosk token>"
              security: []
              parameters: [{name: kiosk, in: path, required: true, schema: {type: string}}]
              responses: {"200": {description: The page, content: {text/html: {schema: {type: string}}}}}
          /window/{window}:
            get:
              summary: "A window's console page (HTML); ?token=<window token>; keys N R S F X T P"
              security: []
              parameters: [{name: window, in: path, required: true, schema: {type: integer}}]
              responses: {"200": {description: The page, content: {text/html: {schema: {type: string}}}}}
          /evaluate/{window}:
            get:
              summary: "A window's evaluation pad page (HTML) facing the citizen; ?token=<window token>"
              security: []
              parameters: [{name: window, in: path, required: true, schema: {type: integer}}]
              responses: {"200": {description: The page, content: {text/html: {schema: {type: string}}}}}
          /admin:
            get:
              summary: "The hall managers' live view (HTML); ?token=<admin token>"
              security: []
              responses: {"200": {description: The page, content: {text/html: {schema: {type: string}}}}}
          /ticket/{number}:
            get:
              summary: "A citizen's page for their ticket (HTML), from its QR code: /ticket/A012?k=<key>"
              security: []
              parameters: [{name: number, in: path, required: true, schema: {type: string}}]
              responses: {"200": {description: The page, content: {text/html: {schema: {type: string}}}}}
          /api/v1/kiosks/{kiosk}:
            get:
              summary: "A kiosk: id, name, and the services it offers (empty for all) (kiosk, admin, technician)"
              parameters: [{name: kiosk, in: path, required: true, schema: {type: string}}]
              responses:
                "200": {description: The kiosk, content: {application/json: {schema: {type: object}}}}
                "404": {$ref: "#/components/responses/Error"}
          /api/v1/tickets/{number}/evaluation:
            post:
              summary: "The citizen's rating of a finished ticket (好差评), once: {rating: 1..5 (5 = 非常满意), reasons: [...], key}. With a window or admin token, or the key from the ticket's QR code"
              security: []
              parameters: [{name: number, in: path, required: true, schema: {type: string}}]
              responses:
                "201": {description: The ticket with its evaluation, content: {application/json: {schema: {$ref: "#/components/schemas/Ticket"}}}}
                "400": {$ref: "#/components/responses/Error"}
                "401": {$ref: "#/components/responses/Error"}
                "409": {$ref: "#/components/responses/Error"}
          /api/v1/stats/today:
            get:
              summary: "Today's figures per service and window: tickets, served, mean and 90th-percentile wait and service minutes, ratings; overdue waits; poor ratings to follow up (admin)"
              responses:
                "200": {description: Figures, content: {application/json: {schema: {type: object}}}}
                "401": {$ref: "#/components/responses/Error"}
          /api/v1/diagnostics:
            get:
              summary: "Per device: what was checked, what was found and what to do, in plain Chinese and English (admin, technician)"
              responses:
                "200": {description: "device, checked, finding, fix (absent when healthy)", content: {application/json: {schema: {type: array, items: {type: object}}}}}
                "401": {$ref: "#/components/responses/Error"}
          /api/v1/devices/{id}/test:
            post:
              summary: "A device's test: a test page on a kiosk printer (every size, Chinese, a QR code, the cut; the CUPS job followed), a test pattern on a board or keypad. Each step with its result and time (admin, technician)"
              parameters: [{name: id, in: path, required: true, schema: {type: string}}]
              responses:
                "200": {description: "device, ok, steps[]: step, result, ok, milliseconds", content: {application/json: {schema: {type: object}}}}
                "404": {$ref: "#/components/responses/Error"}
                "409": {$ref: "#/components/responses/Error"}
          /api/v1/keypads/keys:
            get:
              summary: "Keys pressed on keypads and evaluation pads after ?since=<sequence>: sequence, keypad, window, code, action, at (admin, technician)"
              parameters: [{name: since, in: query, required: false, schema: {type: integer}}]
              responses:
                "200": {description: Key presses, oldest first, content: {application/json: {schema: {type: array, items: {type: object}}}}}
                "401": {$ref: "#/components/responses/Error"}
          /api/v1/devices/history:
            get:
              summary: "The latest device state changes, oldest first (admin, technician)"
              responses:
                "200": {description: Device states as they changed, content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Device"}}}}}
                "401": {$ref: "#/components/responses/Error"}
          /api/v1/events:
            get:
              summary: "Server-sent events of everything that happens in the hall (any role; a page's EventSource may pass ?token=): id = journal sequence, event = type such as ticket.called, data = JSON"
              responses:
                "200": {description: An endless event stream, content: {text/event-stream: {schema: {type: string}}}}
                "401": {$ref: "#/components/responses/Error"}
        components:
          securitySchemes:
            bearer: {type: http, scheme: bearer, description: "A token of the role (kiosk, window, display, admin, technician) from api.tokens in hall.yaml"}
          parameters:
            number: {name: number, in: path, required: true, schema: {type: string, example: A001}}
            window: {name: window, in: path, required: true, schema: {type: integer, minimum: 1}}
          responses:
            Error: {description: An error, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
            Window: {description: The window after the action, content: {application/json: {schema: {$ref: "#/components/schemas/Window"}}}}
          schemas:
            Error:
              type: object
              required: [error, message]
              properties: {error: {type: string, example: quota_reached}, message: {type: string}}
            Health:
              type: object
              required: [status, waiting]
              properties: {status: {type: string, enum: [ok, failing]}, day: {type: string}, waiting: {type: integer}, reason: {type: string}}
            Ticket:
              type: object
              required: [number, service, serviceName, serviceNameEn, priority, channel, state, issuedAt, recalls]
              properties:
                number: {type: string, example: A001}
                service: {type: string}
                serviceName: {type: string}
                serviceNameEn: {type: string}
                priority: {type: string, enum: [green, appointment, normal]}
                channel: {type: string, enum: [kiosk, staff, appointment]}
                state: {type: string, enum: [waiting, called, serving, finished, noShow, transferred, cancelled]}
                issuedAt: {type: string, format: date-time}
                window: {type: integer}
                calledAt: {type: string, format: date-time}
                recalls: {type: integer}
                ahead: {type: integer, description: people in the same queue before this ticket}
                estimatedWaitMinutes: {type: integer}
            Service:
              type: object
              required: [id, name, nameEn, prefix, hours, openNow, requiresIdCard, issuedToday, waiting, estimatedWaitMinutes, windows]
              properties:
                id: {type: string}
                name: {type: string}
                nameEn: {type: string}
                prefix: {type: string}
                hours: {type: string}
                openNow: {type: boolean}
                requiresIdCard: {type: boolean}
                dailyQuota: {type: integer}
                issuedToday: {type: integer}
                waiting: {type: integer}
                estimatedWaitMinutes: {type: integer}
                windows: {type: array, items: {type: integer}}
            Window:
              type: object
              required: [number, name, services, paused, waiting]
              properties:
                number: {type: integer}
                name: {type: string}
                services: {type: array, items: {type: string}}
                paused: {type: boolean}
                current: {$ref: "#/components/schemas/Ticket"}
                waiting: {type: integer}
            Device:
              type: object
              required: [id, state, reason, since, bytesIn, bytesOut, frames, errors]
              properties:
                id: {type: string, example: K1.reader}
                role: {type: string}
                profile: {type: string, example: id-readers/generic-sam-usb-0400-c35a}
                model: {type: string}
                path: {type: string}
                usbID: {type: string, example: "0400:c35a"}
                state: {type: string, enum: [absent, ready, busy, degraded, faulted, unknown]}
                reason: {type: string}
                since: {type: string, format: date-time}
                lastError: {type: string}
                bytesIn: {type: integer}
                bytesOut: {type: integer}
                frames: {type: integer}
                errors: {type: integer}
                syspath: {type: string}
            Call:
              type: object
              required: [window, called]
              properties: {window: {type: integer}, called: {$ref: "#/components/schemas/Ticket"}, finished: {type: string}}
        """#
}
