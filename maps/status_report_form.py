"""The field status report page (/status-report): a phone-sized form in Vietnamese or English, with no external assets.

The page finds where the reporter stands (browser geolocation), lists the projects nearby,
and sends a report through the same API as any other client (bearer token, If-Match).
"""

from __future__ import annotations

import html
from pathlib import Path

from geo import vocab
from geo.ingest.messages import MESSAGES
from geo.queries.near import MOST_LISTED
from geo.source_labels import SYSTEM_REPORTERS
from geo.status_reports import NOTE_MAX_CHARACTERS, STAND_IN_SITES
from geo.vocab import PROJECT_STAGES, PROJECT_STATUSES
from maps.form_pages import render_form_page
from maps.status_import_page import STATUS_FILE_PAGE
from maps.texts import ERROR_PAGE_TEXT, PAGE_TEXT

NEARBY_RADIUS_M = 2000
#: The projects near listed a page at a time ("Show more" asks the next).
NEARBY_PAGE = 50
#: The service worker that keeps the page for a phone with no connection (served at /status-report-worker.js).
WORKER_SCRIPT = (Path(__file__).parent / "status_report_worker.js").read_text(encoding="utf-8")

LABELS = {
    "vi": {
        "title": "Báo cáo tiến độ dự án",
        "other_lang": "English",
        "token": "Mã truy cập (token) của tài khoản — để trống nếu đã đăng nhập",
        "show_token": "Hiện mã đã nhập",
        "locating": "Đang xác định vị trí…",
        "nearby": "Dự án gần bạn",
        "status": "Tình trạng",
        "percent": "Tiến độ (%)",
        "note": "Ghi chú",
        "photo": "Ảnh hiện trường (JPEG, PNG, WebP)",
        "confirm": "Tôi xác nhận gửi dù đang ở xa dự án hoặc vị trí chưa chính xác",
        "confirm_back": "Tôi xác nhận: dự án lùi lại thật, hoặc báo cáo trước (của tôi hay của người khác) cần sửa",
        "not_logged_in": "Chưa đăng nhập.",
        "log_in": "Đăng nhập để báo cáo",
        "send": "Gửi báo cáo",
        "discard_draft": "Bỏ báo cáo chưa gửi này",
        "drafts": "Báo cáo chưa gửi (lưu trên máy này)",
        "rejected_reports": "Báo cáo của bạn bị bác bỏ, chưa gửi lại",
        "offline_opened": "Không có kết nối mạng: trang này mở từ bản lưu trên điện thoại. Các báo cáo chưa gửi ở dưới "
        "vẫn xem và sửa được; gửi được khi có mạng trở lại.",
        "history": "Lịch sử",
        "in_charge": "Dự án bạn phụ trách (báo cáo từ xa)",
        "in_charge_search": "Tìm theo tên hoặc mã dự án",
        "in_charge_example": "ví dụ: nha may dien gio",
        "in_charge_order": "Sắp xếp",
        "order_oldest": "Lâu chưa cập nhật nhất trước",
        "order_name": "Theo tên",
        "in_charge_more": "Xem thêm",
        "many_at_once": "Nhiều dự án cùng lúc, từ một tệp CSV hoặc Excel:",
        "status_file_page": STATUS_FILE_PAGE["vi"],
        "nearby_more": "Xem thêm các dự án xa hơn",
        "js": {
            "in_charge_count": "Đang hiện {shown} trên {total} dự án",
            "in_charge_none": "Chưa có dự án nào thuộc phạm vi phụ trách của tài khoản.",
            "in_charge_none_found": "Không có dự án nào của bạn khớp «{q}».",
            "state_of": "tình trạng ngày {day}",
            "never_reported": "chưa có báo cáo",
            "none_nearby": "Không có dự án nào trong bán kính {radius}.",
            "nearby_count": "Đang hiện {shown} dự án gần nhất trên {total} dự án trong bán kính {radius}.",
            "nearby_all": "Đang hiện cả {total} dự án trong bán kính {radius}.",
            "nearby_unreachable": "Chưa tải được các dự án gần bạn (mất kết nối); khi có mạng, danh sách tự tải lại.",
            # the server answered 503 (its database away, or an upgrade not finished): not the phone's connection
            "nearby_unavailable": "Máy chủ của sổ đăng ký tạm thời không phục vụ được (cơ sở dữ liệu của nó chưa sẵn "
            "sàng), không phải do mạng của điện thoại. Danh sách dự án gần bạn sẽ tự tải lại sau ít phút.",
            "project_unavailable": "Máy chủ của sổ đăng ký tạm thời không phục vụ được (cơ sở dữ liệu của nó chưa sẵn "
            "sàng), nên chưa tải được dự án; chưa gửi gì. Biểu mẫu sẽ tự tải lại dự án sau ít phút.",
            "send_unavailable": "Chưa gửi được: máy chủ của sổ đăng ký tạm thời không ghi được báo cáo (cơ sở dữ liệu "
            "của nó chưa sẵn sàng), không phải do mạng của điện thoại. Báo cáo vẫn ở đây và được lưu trên máy này "
            "(cả ảnh). Biểu mẫu tự kiểm tra lại mỗi 15 giây và sẽ báo khi sổ đăng ký hoạt động lại. Nếu lâu vẫn không "
            "được, hãy báo quản trị viên.",
            "choose_photo": "Chụp hoặc chọn ảnh",
            "no_photo": "chưa có ảnh",
            "far_away": "ở xa, cách bạn khoảng {away}",  # a project chosen from afar, not one of those near
            "photo_link": "Xem ảnh",
            "not_yours": "ngoài phạm vi phụ trách của bạn",
            "not_yours_form": "Dự án này ngoài phạm vi phụ trách của tài khoản bạn: báo cáo sẽ bị từ chối. Nếu dự án "
            "lẽ ra là của bạn, hãy nhờ quản trị viên thêm đơn vị hay loại dự án của nó vào tài khoản.",
            "reach": {
                "title": "Bạn báo cáo được:",
                "all": "mọi dự án (tài khoản quản trị).",
                "none": "không dự án nào: tài khoản chỉ xem (viewer).",
                "agency": "các dự án do {agency} chủ trì hoặc phối hợp",
                "held_more": "Kể cả dự án của các cơ quan cũ ({n})",
                "held": "{held}: cơ quan cũ mà nay cơ quan bạn đảm nhận nhiệm vụ.",
                "units": "{kinds} trong {units}",
                "nothing": "chưa dự án nào: tài khoản chưa có cơ quan hay đơn vị phụ trách; hãy hỏi quản trị viên.",
            },
            "now": "Hiện tại",
            "recorded": "Đã ghi nhận báo cáo",
            # the same report sent again (a second tap, a resend after a lost answer): answered by the first
            "already_received": "Báo cáo này đã được ghi nhận từ trước (lúc {time}), không ghi thêm lần nữa",
            "sending": "Đang gửi…",
            # the project chosen, its state and version not read yet: Send waits for them (a slow line)
            "reading_project": "Đang tải thông tin dự án…",
            # its upload's progress on a weak signal (a trial's 2 MB photo took 18,7 s with only "Đang gửi…")
            "sending_part": "Đang gửi {size}… {part} %",
            "sent_waiting": "Đã gửi đi {size}, đang chờ máy chủ trả lời…",
            "percent_needed": "Hãy ghi tiến độ (%), từ 0 đến 100.",
            "percent_range": "Tiến độ (%) là một số từ 0 đến 100, ví dụ 40 hoặc 40,5.",
            "project_unreachable": "Không tải được thông tin dự án (mất kết nối?); chưa gửi gì. Khi có mạng, biểu mẫu "
            "tự tải lại dự án, rồi bấm Gửi báo cáo.",
            "step_back": "Báo cáo này đưa dự án lùi lại: hiện là {now}, báo cáo ghi {sent}. Hãy xem lại; nếu báo cáo "
            "của bạn đúng, đánh dấu ô xác nhận (ngay trên nút Gửi báo cáo) rồi gửi: nó thành tình trạng hiện tại "
            "của dự án. Nếu báo cáo trước đúng hơn, đừng gửi.",
            "flagged": "đã đánh dấu để kiểm tra (gửi từ xa, hoặc vị trí chưa chính xác)",
            # the project changed since the form read it: said by what changed (a trial's form called a rejection of
            # the officer's own report "someone else's update", naming him), then what to do
            "stale": "Dự án vừa được người khác cập nhật ({now}).",
            "stale_yours": "Dự án vừa có một báo cáo khác của chính bạn ({now}), gửi từ máy hay trang khác.",
            "stale_yours_file": "Dự án vừa có một báo cáo khác của chính bạn ({now}), từ tệp tình trạng {file} "
            "(lượt nhập {id}).",
            "stale_file": "Dự án vừa được cập nhật từ tệp tình trạng {file} (lượt nhập {id}) ({now}).",
            "just_rejected": "{report} vừa bị {who} bác bỏ: {note}; dự án hiện là {now}.",
            "changed": "Dự án vừa thay đổi: hiện là {now}.",
            "reloaded": "Đã tải lại: hãy kiểm tra rồi gửi lại.",
            "report_yours": "Báo cáo của bạn ngày {day} ({report})",
            "report_of": "Báo cáo ngày {day} ({report})",
            # the officer's latest report rejected: said by the project's state, which went back without a word
            "yours_rejected": "{report} đã bị {who} bác bỏ: {note}.",
            "rejected_item": "{report} — bị {who} bác bỏ: {note}. Chạm để mở và gửi báo cáo đúng.",
            "state_before": "Tình trạng hiện tại là theo báo cáo trước đó.",
            "send_right": "Hãy gửi báo cáo đúng, tốt nhất là từ hiện trường.",
            "far_notice": "Bạn đang cách dự án khoảng {away}, xa hơn {within} cho phép với loại dự án này. Nếu vẫn "
            "gửi, hãy đánh dấu ô xác nhận; báo cáo sẽ được đánh dấu để xem xét.",
            "rough_notice": "Điện thoại chỉ biết vị trí của bạn với sai số {accuracy}, rộng hơn {within} cho phép với "
            "loại dự án này. Hãy chờ định vị chính xác hơn (ra chỗ thoáng, bật định vị độ chính xác cao, rồi tải lại "
            "trang); nếu vẫn gửi, hãy đánh dấu ô xác nhận; báo cáo sẽ được đánh dấu để xem xét.",
            "login": "Cần mã truy cập hợp lệ.",
            "session_ended": "Phiên đăng nhập của bạn đã hết hạn, nên báo cáo chưa được gửi. Báo cáo (cả ảnh) vẫn "
            "được lưu trên máy này: đăng nhập lại, biểu mẫu sẽ mở lại dự án này với báo cáo để bạn gửi.",
            "log_in_again": "Đăng nhập lại rồi quay về đây",
            "report_kept": "Báo cáo chưa được gửi; báo cáo (cả ảnh) vẫn được lưu trên máy này, và biểu mẫu sẽ mở lại "
            "dự án này với báo cáo khi bạn đăng nhập được.",
            "log_in_new_token": "Đăng nhập bằng mã mới rồi quay về đây",
            "session_unchecked": "đang không có mạng: sẽ kiểm tra lại khi có mạng.",
            "offline": "Không gửi được (mất kết nối). Báo cáo vẫn ở đây, và được lưu trên máy này kể cả khi đóng trang "
            "(cả ảnh): khi có mạng, bấm Gửi báo cáo lại.",
            # the answer lost on the way: the report may well have been recorded (trial 51: "could not send" was
            # wrong), and the form finds out by itself once online
            "maybe_sent": "Mất kết nối trước khi máy chủ trả lời: báo cáo có thể đã tới máy chủ. Báo cáo vẫn được lưu "
            "trên máy này (cả ảnh). Biểu mẫu đang kiểm tra lịch sử dự án (ngay bây giờ và sau vài giây; nếu mất mạng "
            "thì khi có mạng lại): nếu báo cáo đã được ghi nhận, nó sẽ báo và bỏ khỏi danh sách chưa gửi; nếu chưa, "
            "bấm Gửi báo cáo lại (không bị ghi hai lần).",
            "lost_answer_recorded": "Đã kiểm tra: báo cáo đã tới máy chủ trước khi mất kết nối và đã được ghi nhận "
            "(lúc {time}); không cần gửi lại.",
            "lost_answer_missing": "Đã kiểm tra: lịch sử dự án chưa có báo cáo này. Bấm Gửi báo cáo để gửi lại "
            "(không bị ghi hai lần).",
            "registry_back": "Sổ đăng ký đã hoạt động lại: bấm Gửi báo cáo để gửi.",
            "offline_now": "Mất kết nối mạng. Báo cáo đang nhập vẫn được lưu trên máy này (cả ảnh); gửi được khi có "
            "mạng trở lại.",
            "back_online": "Đã có mạng trở lại: bấm Gửi báo cáo để gửi.",
            "draft_restored": "Đã mở lại báo cáo chưa gửi, soạn lúc {time}.",
            "draft_restored_photo": "Đã mở lại báo cáo chưa gửi, soạn lúc {time}, kèm ảnh đã chọn.",
            "draft_restored_no_photo": "Đã mở lại báo cáo chưa gửi, soạn lúc {time}. Ảnh của nó không còn trên máy: "
            "hãy chọn lại.",
            "photo_too_large": "Ảnh này quá lớn để gửi ({size}, tối đa {max}) và điện thoại không thu nhỏ được: "
            "chưa gửi gì. Hãy chụp lại, hoặc chọn ảnh JPEG khác.",
            "photo_not_kept": "Điện thoại hết chỗ lưu ảnh ({size}): ảnh vẫn được gửi nếu bạn gửi ngay, nhưng sẽ "
            "mất nếu đóng trang. Hãy giải phóng bộ nhớ, hoặc chọn lại ảnh khi gửi.",
            "draft_found_recorded": "Báo cáo về «{project}» đã tới máy chủ trước khi mất kết nối (ghi nhận lúc "
            "{time}): đã bỏ khỏi danh sách chưa gửi, không cần gửi lại.",
            "draft_day": "Báo cáo sẽ ghi ngày đến hiện trường {day} và vị trí lúc soạn.",
            "draft_outdated": "Từ lúc đó dự án đã có báo cáo khác (xem Lịch sử): hãy kiểm tra trước khi gửi.",
            "draft_discarded": "Đã bỏ báo cáo chưa gửi.",
            "draft_of": "soạn ngày {day}",
            # why a report kept on the phone is held, on its line in "Báo cáo chưa gửi" and the projects' lists; and
            # what to do (trial e8: a report the form refused was listed as one waiting for the network)
            "held_badge": {
                "typed": "có báo cáo chưa gửi",
                "confirm": "báo cáo chưa gửi: cần xác nhận",
                "refused": "báo cáo chưa gửi: bị từ chối",
                # the project changed since it was read (a 412): not a refusal, nor a reviewer's rejection (trial 73)
                "stale": "báo cáo chưa gửi: cần xem lại (dự án vừa cập nhật)",
                "waiting": "báo cáo chưa gửi: chờ mạng",
            },
            "held": {
                "typed": "Chưa gửi: chạm vào đây để mở báo cáo, rồi bấm Gửi báo cáo.",
                "confirm": "Cần bạn xác nhận: {reason} Chạm vào đây để mở báo cáo (hoặc để bỏ nó).",
                "refused": "Bị từ chối: {reason} Chạm vào đây để mở báo cáo, sửa rồi gửi lại (hoặc bỏ nó).",
                "stale": "Chưa gửi — cần xem lại: {reason} Chạm vào đây để mở báo cáo, kiểm tra rồi gửi lại (hoặc bỏ "
                "nó).",
                "waiting": "Đang chờ mạng: chưa gửi được (mất kết nối hoặc máy chủ chưa trả lời). Khi có mạng, chạm "
                "vào đây để mở báo cáo và bấm Gửi báo cáo (không bị ghi hai lần).",
            },
            "draft_was_recorded": "Báo cáo chưa gửi của dự án này thực ra đã tới máy chủ trước khi mất kết nối: đã "
            "được ghi nhận (xem Lịch sử), nên không cần gửi lại.",
            "discard_confirm": "Bỏ báo cáo chưa gửi này? Nội dung đã nhập sẽ mất.",
            "recorded_earlier": "Đây là báo cáo của chuyến đi ngày {day}; tình trạng hiện tại của dự án vẫn theo báo "
            "cáo mới hơn (ngày {later}).",
            # the outcome of a report on a project no longer open (another opened while it was on its way): said
            # above the form now open, naming the report's project; the form open is left as it was opened
            "away_recorded": "Báo cáo cho «{name}»{code} đã được ghi nhận.",
            "away_already_received": "Báo cáo cho «{name}»{code} đã được ghi nhận từ trước, không ghi thêm lần nữa.",
            "away_held": "Báo cáo cho «{name}»{code} chưa được ghi nhận: {reason} Báo cáo vẫn được lưu trên máy này, "
            "trong mục «Báo cáo chưa gửi» ở đầu trang: chạm vào đó để mở lại.",
            "away_refused": "Báo cáo cho «{name}»{code} không được ghi nhận: {reason}",
            "away_lost": "Mất kết nối trước khi máy chủ trả lời báo cáo cho «{name}»{code}: báo cáo có thể đã tới máy "
            "chủ. Báo cáo vẫn được lưu trong mục «Báo cáo chưa gửi» ở đầu trang; biểu mẫu sẽ tự kiểm tra lịch sử của "
            "dự án đó (không bị ghi hai lần).",
            "away_stale": "Dự án vừa được cập nhật sau khi bạn mở nó.",
            "away_unavailable": "Máy chủ của sổ đăng ký tạm thời không ghi được báo cáo (không phải do mạng của điện "
            "thoại).",
            "no_location": "Không xác định được vị trí, nên chưa gửi được báo cáo",
            # the browser's reasons, by GeolocationPositionError.code (its own message is in English), and what to do
            "location_errors": {
                "1": "trình duyệt chưa được phép dùng vị trí: hãy cho phép trong phần cài đặt trang của trình duyệt, "
                "rồi bấm Thử lại",
                "2": "không có tín hiệu định vị: hãy bật định vị (GPS), ra chỗ thoáng, rồi bấm Thử lại",
                "3": "quá thời gian chờ định vị: hãy ra chỗ thoáng rồi bấm Thử lại",
            },
            "locate_again": "Thử lại",
            "nearby_needs_location": "Danh sách dự án gần bạn cần vị trí của bạn.",
            "you_are_at": "Vị trí của bạn:",
        },
    },
    "en": {
        "title": "Project progress report",
        "other_lang": "Tiếng Việt",
        "token": "Your account's access token — empty when logged in",
        "show_token": "Show the token typed",
        "locating": "Finding your location…",
        "nearby": "Projects near you",
        "status": "Status",
        "percent": "Progress (%)",
        "note": "Note",
        "photo": "Site photo (JPEG, PNG, WebP)",
        "confirm": "I confirm sending although I am far from the project or my position is rough",
        "confirm_back": "I confirm: the project really went back, or the last report (mine or another's) needs "
        "correcting",
        "not_logged_in": "Not logged in.",
        "log_in": "Log in to report",
        "send": "Send report",
        "discard_draft": "Discard this unsent report",
        "drafts": "Reports not sent (kept on this phone)",
        "rejected_reports": "Your reports rejected, not sent again",
        "offline_opened": "No connection: this page opened from the copy kept on the phone. The reports not sent below "
        "can still be read and edited; they can be sent once the phone is back online.",
        "history": "History",
        "in_charge": "Projects in your charge (to report from afar)",
        "in_charge_search": "Search by the project's name or code",
        "in_charge_example": "e.g. nha may dien gio",
        "in_charge_order": "Sort",
        "order_oldest": "Longest without a report first",
        "order_name": "By name",
        "in_charge_more": "Show more",
        "many_at_once": "Many projects at once, from a CSV or Excel file:",
        "status_file_page": STATUS_FILE_PAGE["en"],
        "nearby_more": "Show more, farther away",
        "js": {
            "in_charge_count": "Showing {shown} of {total} projects",
            "in_charge_none": "No project is in your account's charge yet.",
            "in_charge_none_found": "None of your projects matches “{q}”.",
            "state_of": "state of {day}",
            "never_reported": "no report yet",
            "none_nearby": "No project within {radius}.",
            "nearby_count": "Showing the {shown} nearest of {total} projects within {radius}.",
            "nearby_all": "Showing all {total} projects within {radius}.",
            "nearby_unreachable": "Could not load the projects near you (no connection); the list loads again when "
            "the phone is back online.",
            "nearby_unavailable": "The registry's server cannot serve just now (its database is unavailable); it is "
            "not your phone's connection. The projects near you load again by themselves in a few minutes.",
            "project_unavailable": "The registry's server cannot serve just now (its database is unavailable), so the "
            "project could not be loaded; nothing was sent. The form loads it again by itself in a few minutes.",
            "send_unavailable": "Not sent: the registry's server cannot record reports just now (its database is "
            "unavailable); it is not your phone's connection. The report is still here and kept on this phone "
            "(photo included). The form checks again every 15 seconds and says when the registry is back. If it goes "
            "on, tell the administrator.",
            "choose_photo": "Take or choose a photo",
            "no_photo": "no photo",
            "far_away": "far away, about {away} from you",
            "photo_link": "See the photo",
            "not_yours": "not in your jurisdiction",
            "not_yours_form": "This project is outside your account's jurisdiction: a report would be refused. If it "
            "should be yours, ask the administrator to add its unit or kind to your account.",
            "reach": {
                "title": "You may report on:",
                "all": "every project (an administrator's account).",
                "none": "no project: a viewer's account reads only.",
                "agency": "the projects {agency} leads or partners",
                "held_more": "And the projects of the former agencies ({n})",
                "held": "{held}: former agencies whose duties yours has held since the mergers.",
                "units": "{kinds} in {units}",
                "nothing": "no project yet: the account has no agency or units; ask the administrator.",
            },
            "now": "Now",
            "recorded": "Report recorded",
            "already_received": "This report was already received (at {time}); it is not recorded twice",
            "sending": "Sending…",
            "reading_project": "Loading the project…",
            "sending_part": "Sending {size}… {part} %",
            "sent_waiting": "Sent {size}, waiting for the server's answer…",
            "percent_needed": "Give the progress (%), from 0 to 100.",
            "percent_range": "Progress (%) is a number from 0 to 100, e.g. 40 or 40.5.",
            "project_unreachable": "Could not load the project (no connection?); nothing was sent. When online, the "
            "form reads it again by itself: then press Send report.",
            "step_back": "This report puts the project back: it is now {now}, the report says {sent}. Check it; if "
            "yours is right, tick the confirmation (just above Send report) and send: it becomes the project's state. "
            "If the last report is the better one, do not send.",
            "flagged": "flagged for review (sent from afar, or from a rough position)",
            "stale": "Someone else has just updated this project ({now}).",
            "stale_yours": "The project has just had another report of yours ({now}), sent from another phone or page.",
            "stale_yours_file": "The project has just had another report of yours ({now}), from the status file {file} "
            "(import {id}).",
            "stale_file": "This project has just been updated from the status file {file} (import {id}) ({now}).",
            "just_rejected": "{report} has just been rejected by {who}: {note}; the project is now {now}.",
            "changed": "The project has just changed: it is now {now}.",
            "reloaded": "Reloaded: check, then send again.",
            "report_yours": "Your report of {day} ({report})",
            "report_of": "The report of {day} ({report})",
            "yours_rejected": "{report} was rejected by {who}: {note}.",
            "rejected_item": "{report} — rejected by {who}: {note}. Tap to open it and send the right report.",
            "state_before": "The project's current state is that of the report before it.",
            "send_right": "Send the right report, from the site if you can.",
            "far_notice": "You are about {away} from the project, farther than the {within} allowed for its kind. To "
            "send anyway, tick the box to confirm; the report will be flagged for review.",
            "rough_notice": "Your phone knows where you are only to within {accuracy}, wider than the {within} allowed "
            "for this kind of project. Wait for a better fix (outdoors, location set to high accuracy, then reload the "
            "page); to send "
            "anyway, tick the box to confirm; the report will be flagged for review.",
            "login": "A valid access token is needed.",
            "session_ended": "Your login session has ended, so the report was not sent. It is kept on this phone, "
            "photo included: log in again and the form opens this project again with the report, to send.",
            "log_in_again": "Log in again and come back here",
            "report_kept": "The report was not sent; it is kept on this phone, photo included, and the form opens "
            "this project again with the report once you can log in.",
            "log_in_new_token": "Log in with the new token and come back here",
            "session_unchecked": "offline: will check when back online.",
            "offline": "Could not send (no connection). The report is still here, and kept on this phone even if the "
            "page is closed (photo included): when online, press Send report again.",
            "maybe_sent": "The connection dropped before the server answered: the report may have reached it. It is "
            "kept on this phone (photo included). The form is checking the project's history (now and again in a few "
            "seconds; if the phone is offline, once it is back online): if the report was recorded, it says so and "
            "drops it from the reports not sent; if not, press Send report again (it is never recorded twice).",
            "lost_answer_recorded": "Checked: the report reached the server before the connection dropped and is "
            "recorded (at {time}); nothing to send again.",
            "lost_answer_missing": "Checked: the project's history does not have this report. Press Send report to "
            "send it again (it is never recorded twice).",
            "registry_back": "The registry is back: press Send report to send it.",
            "offline_now": "The connection dropped. What you type is still kept on this phone (photo included); it can "
            "be sent once the phone is back online.",
            "back_online": "Back online: press Send report to send it.",
            "draft_restored": "Reopened a report not sent, typed at {time}.",
            "draft_restored_photo": "Reopened a report not sent, typed at {time}, with the photo chosen.",
            "draft_restored_no_photo": "Reopened a report not sent, typed at {time}. Its photo is no longer on the "
            "phone: choose it again.",
            "photo_too_large": "This photo is too large to send ({size}, {max} at most) and the phone could not make "
            "it smaller: nothing was sent. Take it again, or choose another JPEG photo.",
            "photo_not_kept": "The phone has no room to keep the photo ({size}): it is sent if you send now, but "
            "lost if the page is closed. Free some storage, or choose the photo again when sending.",
            "draft_found_recorded": "The report on “{project}” had reached the server before the connection dropped "
            "(recorded at {time}): it is dropped from the reports not sent; nothing to send again.",
            "draft_day": "The report will give {day} as the day of the visit, and the place where it was typed.",
            "draft_outdated": "The project has had another report since (see History): check before sending.",
            "draft_discarded": "The unsent report was discarded.",
            "draft_of": "typed on {day}",
            "held_badge": {
                "typed": "report not sent",
                "confirm": "report not sent: to confirm",
                "refused": "report not sent: refused",
                "stale": "report not sent: check it again (the project was just updated)",
                "waiting": "report not sent: waiting for the network",
            },
            "held": {
                "typed": "Not sent yet: tap here to open it, then tap Send report.",
                "confirm": "Needs your confirmation: {reason} Tap here to open it (or to discard it).",
                "refused": "Refused: {reason} Tap here to open it, correct it and send it again (or discard it).",
                "stale": "Not sent — check it again: {reason} Tap here to open it, check it and send it again (or "
                "discard it).",
                "waiting": "Waiting for the network: not sent yet (no connection, or the server had not answered). "
                "Once online, tap here to open it and tap Send report (it is never recorded twice).",
            },
            "draft_was_recorded": "This project's unsent report had in fact reached the server before the connection "
            "dropped: it is recorded (see History), so there is nothing to send again.",
            "discard_confirm": "Discard this unsent report? What you typed will be lost.",
            "recorded_earlier": "It is the report of the visit of {day}; the project's current state stays that of a "
            "later report ({later}).",
            "away_recorded": "The report on “{name}”{code} was recorded.",
            "away_already_received": "The report on “{name}”{code} was already received; it is not recorded twice.",
            "away_held": "The report on “{name}”{code} was not recorded: {reason} It is kept on this phone, under "
            "“Reports not sent” at the top of the page: tap it there to open it again.",
            "away_refused": "The report on “{name}”{code} was refused: {reason}",
            "away_lost": "The connection dropped before the server answered the report on “{name}”{code}: it may have "
            "reached the server. It is kept under “Reports not sent” at the top of the page; the form checks that "
            "project's history by itself (it is never recorded twice).",
            "away_stale": "The project was updated after you opened it.",
            "away_unavailable": "The registry's server cannot record reports just now (not your phone's connection).",
            "no_location": "Your location is unknown, so no report can be sent yet",
            "location_errors": {
                "1": "the browser may not use the location: allow it in the browser's site settings, then press Try "
                "again",
                "2": "no location signal: turn location (GPS) on, go where the sky is open, then press Try again",
                "3": "locating took too long: go where the sky is open, then press Try again",
            },
            "locate_again": "Try again",
            "nearby_needs_location": "The list of projects near you needs your location.",
            "you_are_at": "You are at",
        },
    },
}


def build_status_report_form(lang: str, photo_max_bytes: int, report_distance_m: dict[str, float]) -> str:
    """The page's HTML in ``lang`` ("vi" or "en"); a photo is made smaller than ``photo_max_bytes`` before it is
    sent (the server's limit, GEOREG_PHOTO_MAX_BYTES); a project chosen farther than ``report_distance_m`` says (per
    kind, as the server checks it: GEOREG_REPORT_DISTANCE_M) that a report must be confirmed."""
    labels = LABELS[lang]
    statuses = vocab.labels(PROJECT_STATUSES, lang)
    options = "".join(f'<option value="{code}">{html.escape(label)}</option>' for code, label in statuses.items())
    script_labels = {
        **labels["js"],
        "statuses": statuses,
        "stages": PROJECT_STAGES,  # which report puts a project back (a load warns of the same)
        "reporters": {reporter: words[lang] for reporter, words in SYSTEM_REPORTERS.items()},  # a load, the sample
        # a load by its job, file and whose it was, as a refusal says it (trial 73: "nạp từ tệp" named no one)
        "by_load": MESSAGES["changed_since_by_load"][lang],
        "by_cli": MESSAGES["changed_since_by_cli"][lang],
        # a reviewer's verdict on a report, in the words of the project's page and the list of reports to check
        **{key: PAGE_TEXT[lang][key] for key in ("review_confirmed", "review_rejected")},
        "request_id": ERROR_PAGE_TEXT[lang]["request_id"],  # a 503's, as the error pages say it
        "radius": NEARBY_RADIUS_M,
        "nearby_page": NEARBY_PAGE,
        "nearby_most": MOST_LISTED,  # the most a list asked again asks at once
        "photo_max_bytes": photo_max_bytes,
        "report_within_m": report_distance_m,
        "stand_in_sites": {
            precision: {"short": short.text(lang), "whole": whole.text(lang)}
            for precision, (short, whole) in STAND_IN_SITES.items()
        },
    }
    fields = {
        "__OTHER_LANG_URL__": "/status-report?lang=en" if lang == "vi" else "/status-report?lang=vi",
        "__STATUS_OPTIONS__": options,
        "__NOTE_MAX__": str(NOTE_MAX_CHARACTERS),
        "__STATUS_FILE_URL__": f"/status-imports?lang={lang}",
    }
    return render_form_page("status_report_form", lang, labels, script_labels, fields)
