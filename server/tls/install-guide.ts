// How to make a phone trust the cluster's local CA: the same steps printed by `npm run cert` and shown on
// the /ca page, Vietnamese first.
export interface GuideStep {
  vi: string;
  en: string;
}

export function androidSteps(caUrl: string): GuideStep[] {
  return [
    { vi: `Mở ${caUrl} bằng Chrome và tải tệp ca.crt về.`, en: `Open ${caUrl} in Chrome and download ca.crt.` },
    {
      vi: 'Cài đặt → Bảo mật → Mã hoá và thông tin xác thực → Cài đặt chứng chỉ → Chứng chỉ CA → chọn ca.crt.',
      en: 'Settings → Security → Encryption & credentials → Install a certificate → CA certificate → pick ca.crt.',
    },
    {
      vi: 'Đóng hẳn Chrome rồi mở lại địa chỉ https của máy chủ.',
      en: "Close Chrome completely, then open the server's https address.",
    },
  ];
}

export function iosSteps(caUrl: string): GuideStep[] {
  return [
    {
      vi: `Mở ${caUrl} bằng Safari, chọn "Cho phép" để tải hồ sơ cấu hình.`,
      en: `Open ${caUrl} in Safari and allow the configuration profile download.`,
    },
    {
      vi: 'Cài đặt → Đã tải về hồ sơ → Cài đặt (nhập mật mã máy).',
      en: 'Settings → Profile Downloaded → Install (enter the passcode).',
    },
    {
      vi: 'Cài đặt → Cài đặt chung → Giới thiệu → Cài đặt tin cậy chứng nhận → bật tin cậy hoàn toàn cho "Giap Ranh Dispatch local CA".',
      en: 'Settings → General → About → Certificate Trust Settings → enable full trust for "Giap Ranh Dispatch local CA".',
    },
  ];
}

export function guideText(caUrl: string, fingerprint: string): string {
  const list = (steps: GuideStep[]) => steps.map((s, i) => `  ${i + 1}. ${s.vi}\n     ${s.en}`).join('\n');
  return [
    `Cài chứng chỉ CA trên điện thoại / install the CA on each phone (once):`,
    `Android:`,
    list(androidSteps(caUrl)),
    `iPhone / iPad:`,
    list(iosSteps(caUrl)),
    `Kiểm tra dấu vân tay / check the fingerprint on the phone: SHA-256 ${fingerprint}`,
  ].join('\n');
}
