// Deployment-related messages shared by the post and officer screens: HTTPS, the screen wake lock.
const vi = {
  'deploy.insecureTitle': 'Trang đang mở bằng HTTP, không bảo mật',
  'deploy.insecureGps':
    'Điện thoại chỉ cho dùng GPS và dùng khi mất mạng trên trang HTTPS. Đây không phải lỗi quyền vị trí.',
  'deploy.insecureOffline':
    'Điện thoại chỉ cho dùng khi mất mạng (lưu yêu cầu chờ gửi, mở lại trang) trên trang HTTPS.',
  'deploy.insecureOpen': 'Hãy mở địa chỉ:',
  'deploy.insecureAdmin': 'Nếu địa chỉ này không mở được, báo quản trị viên bật HTTPS (npm run cert).',
  'deploy.wakeLockRefused':
    'Điện thoại không cho giữ màn hình sáng. Màn hình có thể tắt: hãy để máy mở hoặc tăng thời gian tắt màn hình.',
  'deploy.wakeLockUnsupported':
    'Trình duyệt này không giữ được màn hình sáng. Hãy tăng thời gian tắt màn hình trong cài đặt.',
} as const;

const en: Record<keyof typeof vi, string> = {
  'deploy.insecureTitle': 'This page is open over plain HTTP, not secure',
  'deploy.insecureGps':
    'Phones allow GPS and offline use only on HTTPS pages. This is not a location permission problem.',
  'deploy.insecureOffline': 'Phones allow offline use (queued requests, reloading the page) only on HTTPS pages.',
  'deploy.insecureOpen': 'Open this address instead:',
  'deploy.insecureAdmin': 'If that address does not open, ask the administrator to turn on HTTPS (npm run cert).',
  'deploy.wakeLockRefused':
    'The phone refused to keep the screen on. It may turn off: keep it awake or lengthen the screen timeout.',
  'deploy.wakeLockUnsupported': 'This browser cannot keep the screen on. Lengthen the screen timeout in the settings.',
};

export const messages = { vi, en };
