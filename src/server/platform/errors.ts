import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { ErrorBody } from '../../contracts/errors.js';

/** The one error catalogue: code → HTTP status and the message in both languages. */
export const errorCatalogue = {
  VALIDATION_FAILED: { status: 400, en: 'The request is not valid.', th: 'ข้อมูลที่ส่งมาไม่ถูกต้อง' },
  INVALID_JSON: { status: 400, en: 'The request body is not valid JSON.', th: 'ข้อมูลที่ส่งมาไม่ใช่ JSON ที่ถูกต้อง' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, en: 'Send JSON (Content-Type: application/json).', th: 'กรุณาส่งข้อมูลแบบ JSON' },
  PAYLOAD_TOO_LARGE: { status: 413, en: 'The request is too large.', th: 'ข้อมูลที่ส่งมามีขนาดใหญ่เกินไป' },
  NOT_SIGNED_IN: { status: 401, en: 'Please sign in.', th: 'กรุณาเข้าสู่ระบบ' },
  INVALID_CREDENTIALS: { status: 401, en: 'Wrong username or password.', th: 'ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง' },
  INVALID_TOKEN: { status: 401, en: 'The API token is not valid, has expired or was revoked.', th: 'โทเค็น API ไม่ถูกต้อง หมดอายุ หรือถูกเพิกถอนแล้ว' },
  MFA_REQUIRED: { status: 401, en: 'Enter the code from your authenticator app.', th: 'กรุณากรอกรหัสจากแอปยืนยันตัวตน' },
  MFA_INVALID: { status: 401, en: 'The code is wrong or has expired.', th: 'รหัสยืนยันไม่ถูกต้องหรือหมดอายุแล้ว' },
  MFA_ENROLMENT_REQUIRED: { status: 403, en: 'Your role requires a second factor: enrol an authenticator app first.', th: 'บทบาทของท่านต้องใช้การยืนยันตัวตนสองขั้นตอน กรุณาลงทะเบียนแอปยืนยันตัวตนก่อน' },
  MFA_ALREADY_ENABLED: { status: 409, en: 'A second factor is already enrolled.', th: 'ลงทะเบียนการยืนยันตัวตนสองขั้นตอนไว้แล้ว' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, en: 'Change your password before continuing.', th: 'กรุณาเปลี่ยนรหัสผ่านก่อนดำเนินการต่อ' },
  CSRF_INVALID: { status: 403, en: 'The security token is missing or wrong; reload the page.', th: 'โทเค็นความปลอดภัยไม่ถูกต้อง กรุณาโหลดหน้าใหม่' },
  FORBIDDEN: { status: 403, en: 'You do not have permission to do this.', th: 'ท่านไม่มีสิทธิ์ดำเนินการนี้' },
  NOT_FOUND: { status: 404, en: 'Not found.', th: 'ไม่พบข้อมูล' },
  ORGANISATION_NOT_FOUND: { status: 404, en: 'Organisation not found.', th: 'ไม่พบหน่วยงาน' },
  USER_NOT_FOUND: { status: 404, en: 'User not found.', th: 'ไม่พบผู้ใช้' },
  TOKEN_NOT_FOUND: { status: 404, en: 'API token not found.', th: 'ไม่พบโทเค็น API' },
  SESSION_NOT_FOUND: { status: 404, en: 'Session not found.', th: 'ไม่พบเซสชัน' },
  PERSON_NOT_FOUND: { status: 404, en: 'Person not found.', th: 'ไม่พบข้อมูลบุคคล' },
  PROVINCE_NOT_FOUND: { status: 404, en: 'Province not found.', th: 'ไม่พบจังหวัด' },
  DISTRICT_NOT_FOUND: { status: 404, en: 'District not found.', th: 'ไม่พบอำเภอ' },
  STALE_VERSION: { status: 409, en: 'Someone else changed this record; reload and try again.', th: 'มีผู้อื่นแก้ไขข้อมูลนี้แล้ว กรุณาโหลดใหม่แล้วลองอีกครั้ง' },
  USERNAME_TAKEN: { status: 409, en: 'This username is already in use.', th: 'ชื่อผู้ใช้นี้ถูกใช้แล้ว' },
  IDEMPOTENCY_KEY_REUSED: { status: 409, en: 'This Idempotency-Key was used with a different request.', th: 'Idempotency-Key นี้ถูกใช้กับคำขออื่นแล้ว' },
  UNKNOWN_PROVINCE: { status: 422, en: 'Unknown province code.', th: 'ไม่มีรหัสจังหวัดนี้' },
  UNKNOWN_COUNTRY: { status: 422, en: 'Unknown country code.', th: 'ไม่มีรหัสประเทศนี้' },
  UNKNOWN_ORGANISATION: { status: 422, en: 'Unknown organisation.', th: 'ไม่มีหน่วยงานนี้' },
  SOURCE_ORGANISATION_OUT_OF_SCOPE: { status: 403, en: 'You can record a report only for your own organisation or one in your province.', th: 'บันทึกรายงานได้เฉพาะในนามหน่วยงานของตนหรือหน่วยงานในจังหวัดของตน' },
  ROLE_NOT_ALLOWED: { status: 422, en: 'National roles can only be given to users of a national-level organisation.', th: 'บทบาทระดับชาติกำหนดได้เฉพาะผู้ใช้ของหน่วยงานระดับชาติ' },
  PERMISSION_NOT_ALLOWED: { status: 422, en: 'A token cannot carry identity or administration permissions beyond what partner systems may hold.', th: 'โทเค็นไม่สามารถมีสิทธิ์เกินกว่าที่ระบบภาคีได้รับอนุญาต' },
  WEAK_PASSWORD: { status: 422, en: 'This password is too common or too easy to guess; choose another.', th: 'รหัสผ่านนี้พบบ่อยหรือเดาง่ายเกินไป กรุณาเลือกรหัสผ่านอื่น' },
  PASSWORD_REUSED: { status: 422, en: 'The new password must differ from the current one.', th: 'รหัสผ่านใหม่ต้องไม่ซ้ำกับรหัสผ่านเดิม' },
  WRONG_PASSWORD: { status: 422, en: 'The current password is wrong.', th: 'รหัสผ่านปัจจุบันไม่ถูกต้อง' },
  CANNOT_DISABLE_SELF: { status: 422, en: 'You cannot deactivate your own account.', th: 'ไม่สามารถปิดบัญชีของตนเองได้' },
  CANNOT_CHANGE_OWN_ROLES: { status: 403, en: 'You cannot change your own roles; another administrator must.', th: 'ไม่สามารถเปลี่ยนบทบาทของตนเองได้ ต้องให้ผู้ดูแลระบบคนอื่นดำเนินการ' },
  ROLE_COMBINATION_NOT_ALLOWED: { status: 422, en: 'National roles cannot be combined with provincial, team or organisation roles: the account would see identities nationwide.', th: 'ไม่สามารถรวมบทบาทระดับชาติกับบทบาทระดับจังหวัด ทีม หรือหน่วยงานได้ เพราะบัญชีจะเห็นข้อมูลระบุตัวตนได้ทั่วประเทศ' },
  LOGIN_LOCKED: { status: 429, en: 'Too many failed sign-ins. Try again in 15 minutes.', th: 'เข้าสู่ระบบไม่สำเร็จหลายครั้งเกินไป กรุณาลองใหม่ในอีก 15 นาที' },
  RATE_LIMITED: { status: 429, en: 'Too many requests; slow down.', th: 'มีคำขอมากเกินไป กรุณาลองใหม่ภายหลัง' },
  REPORT_NOT_FOUND: { status: 404, en: 'No report matches this reference and PIN.', th: 'ไม่พบรายงานที่ตรงกับเลขอ้างอิงและรหัส PIN นี้' },
  REPORT_CLOSED: { status: 409, en: 'This report is already closed.', th: 'รายงานนี้ปิดแล้ว' },
  CHALLENGE_INVALID: { status: 400, en: 'The form\'s security check failed; reload the page and send again.', th: 'การตรวจสอบความปลอดภัยของแบบฟอร์มไม่ผ่าน กรุณาโหลดหน้าใหม่แล้วส่งอีกครั้ง' },
  CHALLENGE_TOO_FAST: { status: 400, en: 'The form was sent too quickly after opening; please send again.', th: 'ส่งแบบฟอร์มเร็วเกินไปหลังเปิดหน้า กรุณาส่งอีกครั้ง' },
  REPORT_REJECTED: { status: 400, en: 'The report could not be accepted. If a person is in danger, call 1300.', th: 'ไม่สามารถรับรายงานได้ หากมีผู้ตกอยู่ในอันตราย โทร 1300' },
  UNKNOWN_DISTRICT: { status: 422, en: 'This district is not in the chosen province.', th: 'อำเภอนี้ไม่อยู่ในจังหวัดที่เลือก' },
  ASSIGNEE_NOT_ALLOWED: { status: 422, en: 'This user cannot handle reports of this province.', th: 'ผู้ใช้นี้ไม่สามารถรับผิดชอบรายงานของจังหวัดนี้ได้' },
  DUPLICATE_OF_SELF: { status: 422, en: 'A report cannot be a duplicate of itself.', th: 'รายงานไม่สามารถซ้ำกับตัวเองได้' },
  STATUS_CHECKS_LIMITED: { status: 429, en: 'Too many status checks; try again later.', th: 'ตรวจสอบสถานะบ่อยเกินไป กรุณาลองใหม่ภายหลัง' },
  REPORTS_LIMITED: { status: 429, en: 'Too many reports from this connection; try later, or call 1300 if someone is in danger.', th: 'มีรายงานจากการเชื่อมต่อนี้มากเกินไป กรุณาลองใหม่ภายหลัง หรือโทร 1300 หากมีผู้ตกอยู่ในอันตราย' },
  HTCDS_IMPORT_HAS_ERRORS: { status: 422, en: 'Some HTCDS records are not valid; nothing was imported. See the report, fix them or import with skipInvalid.', th: 'บางระเบียน HTCDS ไม่ถูกต้อง จึงยังไม่ได้นำเข้าข้อมูลใดเลย ดูรายงาน แก้ไข หรือนำเข้าโดยข้ามระเบียนที่ไม่ถูกต้อง (skipInvalid)' },
  JOB_NOT_FOUND: { status: 404, en: 'Job not found.', th: 'ไม่พบงานนี้' },
  JOB_RESULT_NOT_READY: { status: 409, en: 'The job has no result yet: wait until it has finished.', th: 'งานนี้ยังไม่มีผลลัพธ์ กรุณารอจนงานเสร็จ' },
  JOB_OWNER_INACTIVE: { status: 403, en: 'The account or token that started this job is no longer active, so the job did not run.', th: 'บัญชีหรือโทเค็นที่สั่งงานนี้ไม่ได้ใช้งานแล้ว งานจึงไม่ได้ดำเนินการ' },
  JOB_OWNER_MOVED: { status: 403, en: 'The organisation or province of the account or token that started this job has changed since, so the job did not run; start it again.', th: 'หน่วยงานหรือจังหวัดของบัญชีหรือโทเค็นที่สั่งงานนี้เปลี่ยนไปแล้ว งานจึงไม่ได้ดำเนินการ กรุณาสั่งงานใหม่' },
  IMPORT_HAS_ERRORS: { status: 422, en: 'Some rows are not valid; nothing was imported. Fix the rows listed and import again.', th: 'บางแถวไม่ถูกต้อง จึงยังไม่ได้นำเข้าข้อมูลใดเลย กรุณาแก้ไขแถวที่ระบุแล้วนำเข้าอีกครั้ง' },
  COMMITTEE_NOT_FOUND: { status: 404, en: 'Committee not found.', th: 'ไม่พบคณะกรรมการ' },
  MEETING_NOT_FOUND: { status: 404, en: 'Meeting not found.', th: 'ไม่พบการประชุม' },
  MDT_NOT_FOUND: { status: 404, en: 'Multidisciplinary team not found.', th: 'ไม่พบทีมสหวิชาชีพ' },
  BORDER_CENTRE_NOT_FOUND: { status: 404, en: 'Border integration centre not found.', th: 'ไม่พบศูนย์บูรณาการชายแดน' },
  SUBDISTRICT_CENTRE_NOT_FOUND: { status: 404, en: 'Sub-district information centre not found.', th: 'ไม่พบศูนย์ข้อมูลระดับตำบล' },
  VOLUNTEER_NOT_FOUND: { status: 404, en: 'Volunteer not found.', th: 'ไม่พบอาสาสมัคร' },
  DOCUMENT_NOT_FOUND: { status: 404, en: 'Document not found.', th: 'ไม่พบเอกสาร' },
  COMMITTEE_EXISTS: { status: 409, en: 'This committee already exists (one national, one coordinating, one sub-committee per province).', th: 'มีคณะกรรมการนี้อยู่แล้ว (คณะกรรมการระดับชาติ คณะกรรมการประสานงาน และคณะอนุกรรมการจังหวัดละหนึ่งคณะ)' },
  SUBDISTRICT_CENTRE_EXISTS: { status: 409, en: 'This sub-district already has an information centre.', th: 'ตำบลนี้มีศูนย์ข้อมูลแล้ว' },
  MEMBER_TERM_OVERLAP: { status: 422, en: 'This person already has a term in this committee that overlaps these dates.', th: 'บุคคลนี้มีวาระในคณะกรรมการนี้ซ้อนทับกับช่วงวันที่นี้อยู่แล้ว' },
  MEMBER_NOT_IN_COMMITTEE: { status: 422, en: 'An attendee is not a member of this committee.', th: 'ผู้เข้าประชุมบางรายไม่ใช่กรรมการของคณะนี้' },
  MEMBER_NOT_IN_TEAM: { status: 422, en: 'A person on the roster is not an active member of this team.', th: 'ผู้มีชื่อในตารางเวรบางรายไม่ใช่สมาชิกของทีมนี้' },
  UNKNOWN_SUBDISTRICT: { status: 422, en: 'This sub-district is not in the chosen district.', th: 'ตำบลนี้ไม่อยู่ในอำเภอที่เลือก' },
  UNKNOWN_USER: { status: 422, en: 'Unknown or inactive user.', th: 'ไม่มีผู้ใช้นี้หรือผู้ใช้ถูกปิดการใช้งาน' },
  BORDER_CENTRE_ELSEWHERE: { status: 422, en: 'The border centre is in another province than the team.', th: 'ศูนย์บูรณาการชายแดนอยู่คนละจังหวัดกับทีม' },
  DOCUMENT_TOO_LARGE: { status: 413, en: 'The document is larger than 5 MB.', th: 'เอกสารมีขนาดเกิน 5 MB' },
  DOCUMENT_TYPE_NOT_ALLOWED: { status: 415, en: 'Only PDF, JPEG or PNG files are accepted, and the file\'s content must match its type.', th: 'รับเฉพาะไฟล์ PDF, JPEG หรือ PNG และเนื้อหาไฟล์ต้องตรงกับชนิดไฟล์' },
  CASE_NOT_FOUND: { status: 404, en: 'Case not found.', th: 'ไม่พบคดี/กรณี' },
  CASE_PERSON_NOT_FOUND: { status: 404, en: 'This person is not in the case.', th: 'ไม่พบบุคคลนี้ในกรณี' },
  REFERRAL_NOT_FOUND: { status: 404, en: 'Referral not found.', th: 'ไม่พบการส่งต่อ' },
  CONSENT_NOT_FOUND: { status: 404, en: 'Consent record not found.', th: 'ไม่พบบันทึกความยินยอม' },
  CASE_SERVICE_NOT_FOUND: { status: 404, en: 'Service record not found.', th: 'ไม่พบรายการบริการ' },
  FOLLOW_UP_NOT_FOUND: { status: 404, en: 'Follow-up visit not found.', th: 'ไม่พบการติดตามเยี่ยม' },
  ATTACHMENT_NOT_FOUND: { status: 404, en: 'Attachment not found.', th: 'ไม่พบไฟล์แนบ' },
  NOTIFICATION_NOT_FOUND: { status: 404, en: 'Notification not found.', th: 'ไม่พบการแจ้งเตือน' },
  INDICATOR_EXISTS: { status: 409, en: 'An indicator with this code already exists.', th: 'มีตัวชี้วัดรหัสนี้อยู่แล้ว' },
  UNKNOWN_INDICATOR: { status: 422, en: 'Unknown or inactive screening indicator.', th: 'ไม่มีตัวชี้วัดการคัดกรองนี้หรือถูกปิดใช้งาน' },
  UNKNOWN_LANGUAGE: { status: 422, en: 'Unknown language code.', th: 'ไม่มีรหัสภาษานี้' },
  CASE_CLOSED: { status: 409, en: 'This case is closed; reopen it first.', th: 'กรณีนี้ปิดแล้ว กรุณาเปิดใหม่ก่อน' },
  CASE_NOT_CLOSED: { status: 409, en: 'This case is not closed.', th: 'กรณีนี้ยังไม่ได้ปิด' },
  REPORT_ALREADY_HAS_CASE: { status: 409, en: 'A case has already been opened from this report.', th: 'รายงานนี้เปิดเป็นกรณีแล้ว' },
  REPORT_NOT_OPEN: { status: 409, en: 'This report was closed without a decision to open a case.', th: 'รายงานนี้ถูกปิดโดยไม่ได้ตัดสินใจเปิดเป็นกรณี' },
  STAGE_NOT_ALLOWED: { status: 422, en: 'This step cannot be recorded at the case\'s current stage.', th: 'ไม่สามารถบันทึกขั้นตอนนี้ในขั้นตอนปัจจุบันของกรณีได้' },
  DATES_OUT_OF_ORDER: { status: 422, en: 'The dates are out of order.', th: 'ลำดับวันที่ไม่ถูกต้อง' },
  NOT_SCREENED: { status: 422, en: 'Record the screening of this person first.', th: 'กรุณาบันทึกการคัดกรองบุคคลนี้ก่อน' },
  NOT_IDENTIFIED: { status: 422, en: 'Record the identification decision for this person first.', th: 'กรุณาบันทึกผลการคัดแยกบุคคลนี้ก่อน' },
  NOT_A_VICTIM: { status: 422, en: 'This step applies to a victim or possible victim of the case.', th: 'ขั้นตอนนี้ใช้กับผู้เสียหายหรือผู้ที่อาจเป็นผู้เสียหายในกรณีเท่านั้น' },
  CONSENT_REQUIRED: { status: 422, en: 'Recorded consent to referral is required (or an authorised override with a written reason).', th: 'ต้องมีบันทึกความยินยอมให้ส่งต่อ (หรือการยกเว้นโดยผู้มีอำนาจพร้อมเหตุผลเป็นลายลักษณ์อักษร)' },
  GUARDIAN_CONSENT_REQUIRED: { status: 422, en: 'For a child, consent must be given by a guardian.', th: 'กรณีเด็ก ต้องได้รับความยินยอมจากผู้ปกครอง' },
  SERVICE_NOT_OFFERED: { status: 422, en: 'The organisation does not offer this service.', th: 'หน่วยงานนี้ไม่ได้ให้บริการนี้' },
  OPEN_REFERRALS: { status: 422, en: 'The case has referrals waiting for an answer; withdraw them or wait for the answer before closing.', th: 'กรณีนี้มีการส่งต่อที่ยังรอคำตอบ กรุณาถอนหรือรอคำตอบก่อนปิดกรณี' },
  REFERRAL_NOT_PENDING: { status: 409, en: 'This referral has already been answered or withdrawn.', th: 'การส่งต่อนี้ได้รับคำตอบหรือถูกถอนแล้ว' },
  REFERRAL_NOT_ACTIVE: { status: 409, en: 'This referral is not active.', th: 'การส่งต่อนี้ไม่ได้อยู่ในสถานะที่ใช้งาน' },
  REFERRAL_TO_SELF: { status: 422, en: 'A case cannot be referred to the organisation that holds it.', th: 'ไม่สามารถส่งต่อกรณีไปยังหน่วยงานที่รับผิดชอบอยู่เอง' },
  TRANSFER_PENDING: { status: 409, en: 'A transfer of this case is already waiting for an answer; withdraw it first.', th: 'มีคำขอโอนความรับผิดชอบกรณีนี้ที่ยังรอคำตอบอยู่ กรุณาถอนคำขอเดิมก่อน' },
  CONSENT_WITHDRAWN: { status: 409, en: 'This consent has already been withdrawn.', th: 'ความยินยอมนี้ถูกเพิกถอนแล้ว' },
  TEAM_MEMBER_NOT_ALLOWED: { status: 422, en: 'This user cannot join the case team (inactive, or a role without case work).', th: 'ผู้ใช้นี้ไม่สามารถเป็นสมาชิกทีมของกรณีได้ (ถูกปิดการใช้งาน หรือบทบาทไม่เกี่ยวกับงานคดี)' },
  GUARDIAN_NOT_VICTIM: { status: 422, en: 'A guardian must be linked to a victim of this case.', th: 'ผู้ปกครองต้องเชื่อมโยงกับผู้เสียหายในกรณีนี้' },
  ATTACHMENT_TOO_LARGE: { status: 413, en: 'The file is larger than 10 MB.', th: 'ไฟล์มีขนาดเกิน 10 MB' },
  ATTACHMENT_TYPE_NOT_ALLOWED: { status: 415, en: 'Only PDF, JPEG, PNG, MP3, M4A, OGG or WAV files are accepted, and the content must match the type.', th: 'รับเฉพาะไฟล์ PDF, JPEG, PNG, MP3, M4A, OGG หรือ WAV และเนื้อหาไฟล์ต้องตรงกับชนิดไฟล์' },
  CTDC_K_TOO_SMALL: { status: 400, en: 'k must be at least 2: with k = 1 every record would be released as it is.', th: 'ค่า k ต้องไม่น้อยกว่า 2 (ค่า k = 1 จะเปิดเผยทุกระเบียนตามเดิม)' },
  CTDC_PERIOD_REVERSED: { status: 400, en: 'The end year (to) is before the start year (from).', th: 'ปีสิ้นสุด (to) อยู่ก่อนปีเริ่มต้น (from)' },
  STATS_UNKNOWN_CODE: { status: 400, en: 'A statistics filter names a code that does not exist (see the fields).', th: 'ตัวกรองสถิติมีรหัสที่ไม่มีอยู่ในระบบ (ดูรายการที่ระบุ)' },
  INTERNAL: { status: 500, en: 'Something went wrong on our side. The request id helps support find it.', th: 'เกิดข้อผิดพลาดในระบบ กรุณาแจ้งผู้ดูแลพร้อมรหัสคำขอ' },
} as const satisfies Record<string, { status: number; en: string; th: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

export class AppError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: ErrorCode,
    readonly fields?: { path: string; message: string }[],
    readonly headers?: Record<string, string>,
    /** Further top-level members of the error response (e.g. an import's row-by-row report). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(errorCatalogue[code].en);
    this.statusCode = errorCatalogue[code].status;
  }
}

export function errorBody(code: ErrorCode, fields?: { path: string; message: string }[]): ErrorBody {
  const e = errorCatalogue[code];
  return { error: { code, message: e.en, messageTh: e.th, ...(fields?.length ? { fields } : {}) } };
}

/** Maps every failure to the API.md error shape; 500s never carry internals. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) {
      if (err.headers) void reply.headers(err.headers);
      return reply.code(err.statusCode).send({ ...err.extra, ...errorBody(err.code, err.fields) });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      // Paths are relative to the body (API.md: "victim.birthDate"); query and path parameters are prefixed.
      const prefix = err.validationContext && err.validationContext !== 'body' ? [err.validationContext === 'querystring' ? 'query' : err.validationContext] : [];
      const fields = err.validation.flatMap((v) => {
        const base = [...prefix, ...String(v.instancePath).split('/').filter(Boolean)];
        const keys = (v.params as { keys?: string[] } | undefined)?.keys;
        if (v.keyword === 'unrecognized_keys' && keys?.length) {
          return keys.map((k) => ({ path: [...base, k].join('.'), message: 'unknown field', messageTh: 'ไม่มีช่องข้อมูลนี้' }));
        }
        return [{ path: base.join('.'), message: v.message ?? 'invalid', messageTh: fieldMessageTh(v.keyword, v.params) }];
      });
      return reply.code(400).send(errorBody('VALIDATION_FAILED', fields));
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err: { message: err.message, method: err.method, url: err.url } }, 'response failed its schema');
      return reply.code(500).send(errorBody('INTERNAL'));
    }
    switch (err.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return reply.code(400).send(errorBody('INVALID_JSON'));
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return reply.code(413).send(errorBody('PAYLOAD_TOO_LARGE'));
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return reply.code(415).send(errorBody('UNSUPPORTED_MEDIA_TYPE'));
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.code(err.statusCode).send(errorBody('VALIDATION_FAILED', [{ path: '', message: err.message }]));
    }
    const sqlState = dataException(err);
    if (sqlState) {
      // A value the database cannot hold (NUL character, number or date out of range, malformed id in a cursor):
      // the client's mistake, and the statement failed, so nothing was written.
      req.log.warn({ sqlState, route: req.routeOptions.url }, 'value refused by the database');
      return reply.code(400).send(errorBody('VALIDATION_FAILED', [{ path: '', message: 'a value is out of range or not valid text' }]));
    }
    // Log the error class and stack frames only: messages from drivers (and drizzle's, in the stack's
    // first lines) echo the query's parameter values.
    const frames = err.stack?.split('\n').filter((l) => /^\s+at /.test(l)).join('\n');
    req.log.error({ err: { type: err.name, code: err.code, stack: frames } }, 'unhandled error');
    return reply.code(500).send(errorBody('INTERNAL'));
  });
}

/** The Thai counterpart of a zod issue, by its code (zod's own messages are English). */
export function fieldMessageTh(code: string, params: unknown): string {
  const p = (params ?? {}) as { minimum?: number | bigint; maximum?: number | bigint; origin?: string; expected?: string; format?: string };
  switch (code) {
    case 'invalid_type':
      return p.expected === 'undefined' ? 'ไม่ควรมีช่องข้อมูลนี้' : 'ต้องกรอกข้อมูลให้ถูกประเภท';
    case 'too_small':
      return p.origin === 'string' ? (Number(p.minimum) <= 1 ? 'ต้องกรอก' : `ต้องมีอย่างน้อย ${p.minimum} ตัวอักษร`)
        : p.origin === 'array' ? `ต้องเลือกอย่างน้อย ${p.minimum} รายการ` : `ต้องไม่น้อยกว่า ${p.minimum}`;
    case 'too_big':
      return p.origin === 'string' ? `ต้องไม่เกิน ${p.maximum} ตัวอักษร` : p.origin === 'array' ? `เลือกได้ไม่เกิน ${p.maximum} รายการ` : `ต้องไม่เกิน ${p.maximum}`;
    case 'invalid_format':
      return p.format === 'email' ? 'อีเมลไม่ถูกต้อง' : p.format === 'uuid' ? 'รหัสอ้างอิงไม่ถูกต้อง' : p.format === 'date' ? 'วันที่ไม่ถูกต้อง (ปปปป-ดด-วว)' : 'รูปแบบไม่ถูกต้อง';
    case 'invalid_value':
      return 'ค่าที่เลือกไม่อยู่ในรายการ';
    case 'invalid_union':
      return 'ข้อมูลไม่ถูกต้อง';
    default:
      return 'ข้อมูลไม่ถูกต้อง';
  }
}

/** SQLSTATE class 22 (data exception) on the error or its cause (drizzle wraps the driver's error). */
function dataException(err: unknown): string | undefined {
  let e = err as { code?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 3; depth++, e = e.cause as typeof e) {
    if (typeof e.code === 'string' && /^22[0-9A-Z]{3}$/.test(e.code)) return e.code;
  }
  return undefined;
}
